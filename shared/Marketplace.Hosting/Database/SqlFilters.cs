namespace Marketplace.Hosting.Database;

/// <summary>
/// The optional conditions of a query (filters, a keyset cursor), written into its text only when they apply.
/// Why not "(@x is null or col = @x)": Npgsql prepares statements automatically, and after five runs PostgreSQL may keep
/// a generic plan, which for that form cannot use col's index, nor seek to a keyset cursor written the same way; such a
/// list then reads every row newest first until it has enough, slower the longer the history. Here each combination
/// is its own statement text with its own plan. Parameters stay in the Dapper object; unused ones are harmless.
/// Conditions are the code's own SQL text (values go in parameters), joined with "and": one with "or" at its top must
/// come parenthesised.
/// </summary>
public sealed class SqlFilters
{
    private readonly List<string> _conditions = [];

    public SqlFilters Add(string condition)
    {
        _conditions.Add(condition);
        return this;
    }

    public SqlFilters AddIf(bool applies, string condition) => applies ? Add(condition) : this;

    /// <summary>"" or "where a and b".</summary>
    public string Where => Joined("where ");

    /// <summary>"" or "and a and b", to follow conditions that always apply.</summary>
    public string And => Joined("and ");

    private string Joined(string keyword) => _conditions.Count == 0 ? "" : keyword + string.Join(" and ", _conditions);
}
