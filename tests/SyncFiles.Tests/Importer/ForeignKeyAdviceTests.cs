using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>The quarantine reason of a foreign-key violation, without a database.</summary>
public sealed class ForeignKeyAdviceTests
{
    private static readonly TargetTable Invoice = new("invoice", [], []);

    private static readonly TargetTable InvoiceLine = new("invoice_line", [], [])
    {
        ForeignKeys = [new TargetForeignKey("invoice_line_invoice", ["site_id", "invoice_id"], "invoice", ["site_id", "id"], Deferrable: false)],
    };

    private static string Explain(ForeignKeyViolationException violation, params (string Bundle, TargetTable Target)[] tables) =>
        ForeignKeyAdvice.Explain(violation, tables, LoadOrder.Plan(tables.Select(t => t.Target).ToList()), "AG01-00000007.zip");

    [Fact]
    public void A_missing_parent_names_both_sides_of_the_mapping_the_constraint_the_parent_and_the_key()
    {
        var reason = Explain(
            new ForeignKeyViolationException("invoice_line", "invoice_line_invoice", "invoice", "(site_id, invoice_id)=(AG01, 42)", stillReferenced: false, new InvalidOperationException()),
            ("InvoiceLine", InvoiceLine),
            ("invoice", Invoice));

        Assert.StartsWith(
            "AG01-00000007.zip: bundle table InvoiceLine -> central invoice_line has a row that refers through foreign key invoice_line_invoice to a row of table invoice that head office does not have: key (site_id, invoice_id)=(AG01, 42) is not present in invoice. ",
            reason,
            StringComparison.Ordinal);
        Assert.Contains("The bundle carries invoice (merged before invoice_line)", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("widen", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_the_bundle_does_not_carry_is_to_be_filled_another_way()
    {
        var reason = Explain(
            new ForeignKeyViolationException("invoice_line", "invoice_line_invoice", "invoice", null, stillReferenced: false, new InvalidOperationException()),
            ("InvoiceLine", InvoiceLine));

        Assert.Contains("to a row of the central table invoice that head office does not have. ", reason, StringComparison.Ordinal);
        Assert.Contains("The bundle does not carry invoice: head office must fill it another way", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_deleted_while_another_table_refers_to_it_names_both_tables()
    {
        var reason = Explain(
            new ForeignKeyViolationException("invoice_line", "invoice_line_invoice", "invoice", "(site_id, id)=(AG01, 42)", stillReferenced: true, new InvalidOperationException()),
            ("invoice", Invoice));

        Assert.StartsWith(
            "AG01-00000007.zip deletes rows of table invoice (tombstones or a mirror) that the central table invoice_line still refers to through foreign key invoice_line_invoice (key (site_id, id)=(AG01, 42))",
            reason,
            StringComparison.Ordinal);
        Assert.Contains("The bundle does not carry invoice_line", reason, StringComparison.Ordinal);
    }
}
