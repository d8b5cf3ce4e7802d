using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Marketplace.Hosting.Messaging;

/// <summary>Resolves the contract types the outbox stores by name, and the queue a command is sent to.</summary>
public static partial class MessageTypes
{
    private static readonly ConcurrentDictionary<string, Type> ByName = new(StringComparer.Ordinal);

    /// <summary>The serializer the outbox stores bodies with: the same web defaults MassTransit uses on the wire.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>"Namespace.Type, Assembly": stable across versions as long as contracts are never renamed (DESIGN.md).</summary>
    public static string NameOf(Type type)
    {
        if (string.IsNullOrEmpty(type.Namespace)) throw new ArgumentException($"{type} has no namespace: MassTransit messages need one", nameof(type));
        return $"{type.FullName}, {type.Assembly.GetName().Name}";
    }

    public static Type Resolve(string name) =>
        ByName.GetOrAdd(name, n => Type.GetType(n, throwOnError: false) ?? throw new InvalidOperationException($"Unknown message type {n}"));

    /// <summary>
    /// Commands go to the queue of their one consumer, named by convention: <c>HoldNodes</c> is consumed by
    /// <c>HoldNodesConsumer</c> on queue <c>hold-nodes</c> (MassTransit's kebab-case endpoint names).
    /// </summary>
    public static string QueueFor(Type commandType) => KebabBoundary().Replace(commandType.Name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
