using System.Reflection;
using MassTransit;

namespace Marketplace.Hosting.Messaging;

/// <summary>
/// The endpoints whose consumers answer requests: every consumer that is not a <see cref="TransactionalConsumer{T}"/>
/// or <see cref="TransactionalBatchConsumer{T}"/>. A caller waits for each of their messages and the message expires
/// with the caller's timeout, so nothing is gained by replicating it to disk: they get classic queues.
/// </summary>
internal static class RequestEndpoints
{
    public static HashSet<string> Of(Assembly assembly)
    {
        var formatter = KebabCaseEndpointNameFormatter.Instance;
        var consumerName = typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!;
        return assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t) && !IsTransactional(t))
            .Select(t => (string)consumerName.MakeGenericMethod(t).Invoke(formatter, null)!)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static bool IsTransactional(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(TransactionalConsumer<>) || t.GetGenericTypeDefinition() == typeof(TransactionalBatchConsumer<>)))
                return true;
        return false;
    }
}
