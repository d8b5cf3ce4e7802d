using Marketplace.Hosting.Messaging;
using MassTransit;
using Xunit;

namespace Hosting.Tests;

/// <summary>
/// BoundedRequest: every request over the bus ends by its deadline. The send that never ends is RabbitMQ.Client's
/// (a publish whose confirm was lost with its connection): it ignores its token, as the stand-in here does.
/// </summary>
public sealed class When_a_request_send_never_finishes
{
    /// <summary>Far above any request's timeout here: reached only if the request was not given up.</summary>
    private static readonly TimeSpan TestDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task Should_give_up_after_its_timeout_as_a_request_nobody_answered()
    {
        var neverSent = new TaskCompletionSource<string>();

        var asked = BoundedRequest.WithinAsync(Timeout, CancellationToken.None, _ => neverSent.Task);

        await Assert.ThrowsAsync<RequestTimeoutException>(() => asked.WaitAsync(TestDeadline));
    }

    [Fact]
    public async Task Should_cancel_the_send_it_gives_up_on()
    {
        var given = CancellationToken.None;

        var asked = BoundedRequest.WithinAsync(Timeout, CancellationToken.None, token =>
        {
            given = token;
            return new TaskCompletionSource<string>().Task;
        });

        await Assert.ThrowsAsync<RequestTimeoutException>(() => asked.WaitAsync(TestDeadline));
        Assert.True(given.IsCancellationRequested);
    }

    [Fact]
    public async Task Should_leave_a_caller_who_cancels_its_own_cancellation()
    {
        using var caller = new CancellationTokenSource();
        var asked = BoundedRequest.WithinAsync(TimeSpan.FromMinutes(5), caller.Token, _ => new TaskCompletionSource<string>().Task);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => asked.WaitAsync(TestDeadline));
    }

    [Fact]
    public async Task Should_return_an_answer_given_in_time()
    {
        var answer = await BoundedRequest.WithinAsync(TimeSpan.FromMinutes(5), CancellationToken.None, _ => Task.FromResult("answered"));

        Assert.Equal("answered", answer);
    }

    [Fact]
    public async Task Should_pass_a_request_timeout_of_the_bus_through_unchanged()
    {
        var timedOut = new RequestTimeoutException("the bus's own");

        var thrown = await Assert.ThrowsAsync<RequestTimeoutException>(() =>
            BoundedRequest.WithinAsync<string>(TimeSpan.FromMinutes(5), CancellationToken.None, _ => Task.FromException<string>(timedOut)));

        Assert.Same(timedOut, thrown);
    }
}
