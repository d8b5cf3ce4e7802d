using Marketplace.Settlement.Reconciliation;
using MassTransit;
using Xunit;

namespace Marketplace.Settlement.Tests;

/// <summary>What a failed run shows admins as its error: which owner, in the API's words; never the exception's own text.</summary>
public sealed class When_a_reconciliation_fails
{
    [Fact]
    public async Task Should_name_the_owner_that_did_not_answer_in_plain_words()
    {
        var failure = await Assert.ThrowsAsync<OwnerDidNotAnswerException>(() =>
            ReconciliationFailures.AskAsync<int>("inventory", () => throw new RequestTimeoutException("Timeout waiting for response, RequestId: 42")));

        var shown = ReconciliationFailures.Describe(failure);

        Assert.Equal("The inventory service did not answer in time; start a new run once it is back.", shown);
        Assert.IsType<RequestTimeoutException>(failure.InnerException); // the log keeps the real exception
    }

    [Fact]
    public void Should_show_an_unexpected_failure_without_its_exception_text()
    {
        var shown = ReconciliationFailures.Describe(new InvalidOperationException("Npgsql.PostgresException 42P01: relation \"holds\" does not exist"));

        Assert.Equal(ReconciliationFailures.Unexpected, shown);
        foreach (var internalName in new[] { "Npgsql", "Exception", "relation", "Marketplace." })
            Assert.DoesNotContain(internalName, shown);
    }
}
