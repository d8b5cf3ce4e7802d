using MassTransit;

namespace Marketplace.Settlement.Reconciliation;

/// <summary>An owning service did not answer a run's request in time. The message is what admins read on the run.</summary>
public sealed class OwnerDidNotAnswerException(string owner, Exception inner)
    : Exception($"The {owner} service did not answer in time; start a new run once it is back.", inner);

/// <summary>An owning service refused a run's request. The message is what admins read on the run.</summary>
public sealed class OwnerRefusedException(string message) : Exception(message);

/// <summary>
/// What a failed run shows as its <c>error</c>: API words, never an exception's own text (which names message types,
/// hosts and queues). The exception itself goes to the log.
/// </summary>
public static class ReconciliationFailures
{
    public const string Unexpected = "The run failed unexpectedly; the failure has been logged. Start a new run; if it fails again, tell the operators.";

    public static string Describe(Exception exception) => exception switch
    {
        OwnerDidNotAnswerException or OwnerRefusedException => exception.Message,
        _ => Unexpected,
    };

    /// <summary>Runs one request to an owner, turning a timeout into <see cref="OwnerDidNotAnswerException"/> named for that owner.</summary>
    public static async Task<T> AskAsync<T>(string owner, Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (RequestTimeoutException ex)
        {
            throw new OwnerDidNotAnswerException(owner, ex);
        }
    }
}
