using Marketplace.Contracts.Allocation;
using Marketplace.Domain;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Plans;

/// <summary>POST /v1/plans: the request's rules are checked here too (this service answers whoever asks), then planned.</summary>
public sealed class GetPlanConsumer(Planner planner, TimeProvider clock) : IConsumer<GetPlan>
{
    public async Task Consume(ConsumeContext<GetPlan> context)
    {
        var m = context.Message;
        var errors = new ValidationErrors();
        TrainingRuns.Validate(errors, clock.GetUtcNow(), m.ModelParameters, m.TrainingTokens, m.GpuModel, m.GpuCount, m.Mfu, m.Deadline, m.Budget, m.FlopsPerToken);
        if (!errors.IsValid) { await context.RespondInvalidAsync(errors); return; }
        await context.RespondAsync(await planner.PlanAsync(m, context.CancellationToken));
    }
}
