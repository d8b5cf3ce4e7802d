using System.Collections.Frozen;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Contracts;

namespace Marketplace.Hosting.Messaging;

/// <summary>Resolves the contract types the outbox stores by name, and the queue a command is sent to.</summary>
public static partial class MessageTypes
{
    private static readonly FrozenDictionary<string, Type> ByName = typeof(Caller).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.FullName is not null)
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    /// <summary>The serializer the outbox stores bodies with: the same web defaults MassTransit uses on the wire.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static Type Resolve(string name) =>
        ByName.TryGetValue(name, out var type) ? type : throw new InvalidOperationException($"Unknown message type {name}");

    public static string NameOf(Type type) =>
        type.FullName is { } name && ByName.ContainsKey(name)
            ? name
            : throw new ArgumentException($"{type} is not a contract of Marketplace.Contracts", nameof(type));

    /// <summary>
    /// Commands go to the queue of their one consumer, named by convention: <c>HoldNodes</c> is consumed by
    /// <c>HoldNodesConsumer</c> on queue <c>hold-nodes</c> (MassTransit's kebab-case endpoint names).
    /// </summary>
    public static string QueueFor(Type commandType) => KebabBoundary().Replace(commandType.Name, "$1-$2").ToLowerInvariant();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex KebabBoundary();
}
