using System.Reflection;
using System.Runtime.Serialization;

namespace Marketplace.Cli.Commands;

/// <summary>The API's words for the generated enums ("infiniband" ↔ Infiniband); an unknown word is left to the API to refuse.</summary>
internal static class Enums
{
    public static T? Parse<T>(string? value) where T : struct, Enum =>
        value is null ? null : Enum.GetValues<T>().Cast<T?>().FirstOrDefault(v => Word(v!.Value) == value);

    public static string Word<T>(T value) where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? value.ToString();
}
