using SyncFiles.Common.Providers;
using SyncFiles.Importer.Import;

namespace SyncFiles.Tests.Importer;

/// <summary>The merge order from the central tables' foreign keys, without a database.</summary>
public sealed class LoadOrderTests
{
    private static TargetTable Table(string name, params (string Parent, bool Deferrable)[] keys) =>
        new(name, [], [])
        {
            ForeignKeys = keys.Select((k, i) => new TargetForeignKey($"{name}_fk{i}", ["x"], k.Parent, ["id"], k.Deferrable)).ToList(),
        };

    private static List<string> Merges(IReadOnlyList<TargetTable> tables) =>
        LoadOrder.Plan(tables).Merges.Select(i => tables[i].Name).ToList();

    [Fact]
    public void A_chain_given_children_first_is_merged_parents_first_and_deleted_children_first()
    {
        TargetTable[] tables = [Table("c", ("b", false)), Table("b", ("a", false)), Table("a")];

        var order = LoadOrder.Plan(tables);

        Assert.Equal(["a", "b", "c"], order.Merges.Select(i => tables[i].Name));
        Assert.Equal(["c", "b", "a"], order.Deletes.Select(i => tables[i].Name));
        Assert.Empty(order.Cycles);
    }

    [Fact]
    public void Tables_without_keys_between_them_keep_the_manifests_order()
    {
        Assert.Equal(["z", "y", "x"], Merges([Table("z"), Table("y"), Table("x")]));
    }

    [Fact]
    public void A_diamond_puts_the_top_first_the_bottom_last_and_the_sides_in_manifest_order()
    {
        Assert.Equal(["top", "right", "left", "bottom"], Merges([Table("bottom", ("left", false), ("right", false)), Table("right", ("top", false)), Table("left", ("top", false)), Table("top")]));
    }

    [Fact]
    public void A_self_reference_and_a_key_to_a_table_outside_the_bundle_order_nothing()
    {
        TargetTable[] tables = [Table("employee", ("EMPLOYEE", false), ("region", false)), Table("shop")];

        var order = LoadOrder.Plan(tables);

        Assert.Equal(["employee", "shop"], order.Merges.Select(i => tables[i].Name));
        Assert.Empty(order.Cycles);
        var outside = Assert.Single(LoadOrder.Outside(tables));
        Assert.Equal("region", outside.Key.ReferencedTable);
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    public void A_cycle_is_found_with_its_keys_and_is_deferrable_only_when_every_key_is(bool first, bool second, bool deferrable)
    {
        TargetTable[] tables = [Table("orders", ("a", false)), Table("b", ("a", first)), Table("a", ("b", second)), Table("root")];

        var order = LoadOrder.Plan(tables);

        var cycle = Assert.Single(order.Cycles);
        Assert.Equal(["b", "a"], cycle.Tables.Select(i => tables[i].Name));
        Assert.Equal(["b_fk0", "a_fk0"], cycle.Keys.Select(k => k.Key.Name));
        Assert.Equal(deferrable, cycle.Deferrable);

        // The ring first (it has no parent outside itself), in manifest order; its child after it.
        Assert.Equal(["b", "a", "orders", "root"], order.Merges.Select(i => tables[i].Name));
    }
}
