namespace Marketplace.Hosting.Database;

/// <summary>
/// PostgreSQL array literals, for passing one list per row through <c>unnest</c>: arrays must be rectangular, so lists of
/// different lengths travel as text and are cast back (<c>::int[]</c>, <c>::text[]</c>) in the statement.
/// </summary>
public static class ArrayLiterals
{
    public static string? Of(IEnumerable<int>? values) => values is null ? null : $"{{{string.Join(',', values)}}}";

    /// <summary>Every element double-quoted, with backslashes and quotes escaped, so any text survives.</summary>
    public static string? Of(IEnumerable<string>? values) =>
        values is null ? null : $"{{{string.Join(',', values.Select(v => $"\"{v.Replace("\\", "\\\\").Replace("\"", "\\\"")}\""))}}}";
}
