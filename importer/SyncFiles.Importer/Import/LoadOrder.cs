using SyncFiles.Common.Providers;

namespace SyncFiles.Importer.Import;

/// <summary>
/// The order a bundle's tables are merged in, from the central tables' foreign keys: a table after
/// every table it refers to (parents first), ties in the manifest's order; deletes go the other
/// way (children first). Tables that refer to each other, directly or around a ring, form a
/// <see cref="Cycle"/>: no order suits them, so they keep the manifest's order and their keys
/// must be checked at the commit. A key to its own table (employee -> manager) needs no order: the
/// merge is one statement, checked at its end. Keys to tables the bundle does not carry are not
/// ordered either (<see cref="Outside"/>): those tables must be filled another way.
/// </summary>
public sealed class LoadOrder
{
    private LoadOrder(IReadOnlyList<int> merges, IReadOnlyList<Cycle> cycles)
    {
        Merges = merges;
        Cycles = cycles;
    }

    /// <summary>Indexes into the tables given, parents first.</summary>
    public IReadOnlyList<int> Merges { get; }

    /// <summary>Indexes into the tables given, children first: the order of deletes.</summary>
    public IEnumerable<int> Deletes => Merges.Reverse();

    /// <summary>Each ring of tables that refer to one another.</summary>
    public IReadOnlyList<Cycle> Cycles { get; }

    /// <summary>
    /// Tables that refer to one another (indexes in the manifest's order) and the foreign keys between
    /// them, each with the index of the table that declares it.
    /// </summary>
    public sealed record Cycle(IReadOnlyList<int> Tables, IReadOnlyList<(int Table, TargetForeignKey Key)> Keys)
    {
        /// <summary>Whether every key of the ring can be checked at the commit instead.</summary>
        public bool Deferrable => Keys.All(k => k.Key.Deferrable);
    }

    /// <summary>The order for <paramref name="tables"/>, the central tables in the manifest's order.</summary>
    public static LoadOrder Plan(IReadOnlyList<TargetTable> tables)
    {
        // parents[i]: the other tables of the bundle that table i refers to.
        var parents = new List<HashSet<int>>();
        for (var i = 0; i < tables.Count; i++)
        {
            var refs = new HashSet<int>();
            foreach (var key in tables[i].ForeignKeys)
            {
                for (var j = 0; j < tables.Count; j++)
                {
                    if (j != i && key.RefersTo(tables[j].Name) && !key.RefersTo(tables[i].Name))
                    {
                        refs.Add(j);
                    }
                }
            }

            parents.Add(refs);
        }

        var components = StronglyConnected(parents);
        var componentOf = new int[tables.Count];
        for (var c = 0; c < components.Count; c++)
        {
            foreach (var i in components[c])
            {
                componentOf[i] = c;
            }
        }

        // Kahn's algorithm over the components, the one whose first table comes first in the manifest taken first.
        var waiting = components.Select(c => c.SelectMany(i => parents[i]).Select(p => componentOf[p]).Where(p => p != componentOf[c[0]]).ToHashSet()).ToList();
        var done = new bool[components.Count];
        var merges = new List<int>();
        for (var step = 0; step < components.Count; step++)
        {
            var next = Enumerable.Range(0, components.Count)
                .Where(c => !done[c] && waiting[c].All(p => done[p]))
                .MinBy(c => components[c][0]);
            done[next] = true;
            merges.AddRange(components[next]);
        }

        var cycles = components.Where(c => c.Count > 1).Select(c => new Cycle(
            c,
            c.SelectMany(i => tables[i].ForeignKeys
                .Where(k => !k.RefersTo(tables[i].Name) && c.Any(j => j != i && k.RefersTo(tables[j].Name)))
                .Select(k => (i, k))).ToList())).ToList();
        return new LoadOrder(merges, cycles);
    }

    /// <summary>
    /// The foreign keys of <paramref name="tables"/> to tables not among them (nor to themselves):
    /// per table index, those keys. The bundle does not fill those parents.
    /// </summary>
    public static IEnumerable<(int Table, TargetForeignKey Key)> Outside(IReadOnlyList<TargetTable> tables) =>
        tables.SelectMany((t, i) => t.ForeignKeys
            .Where(k => !tables.Any(other => k.RefersTo(other.Name)))
            .Select(k => (i, k)));

    /// <summary>Tarjan's strongly connected components, each sorted, in no particular order; a table alone is a component of one.</summary>
    private static List<List<int>> StronglyConnected(List<HashSet<int>> edges)
    {
        var index = new int?[edges.Count];
        var low = new int[edges.Count];
        var onStack = new bool[edges.Count];
        var stack = new Stack<int>();
        var components = new List<List<int>>();
        var counter = 0;

        void Visit(int v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack[v] = true;
            foreach (var w in edges[v].Order())
            {
                if (index[w] is null)
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack[w])
                {
                    low[v] = Math.Min(low[v], index[w]!.Value);
                }
            }

            if (low[v] == index[v])
            {
                var component = new List<int>();
                int w;
                do
                {
                    w = stack.Pop();
                    onStack[w] = false;
                    component.Add(w);
                }
                while (w != v);
                component.Sort();
                components.Add(component);
            }
        }

        for (var v = 0; v < edges.Count; v++)
        {
            if (index[v] is null)
            {
                Visit(v);
            }
        }

        return components;
    }
}
