using Marketplace.Contracts.Bidding;
using Marketplace.Contracts.Inventory;
using Marketplace.Hosting.Database;
using Marketplace.Hosting.Messaging;
using MassTransit;

namespace Marketplace.Allocation.Bookings;

// The answers of the booking workflow's steps, each handed to BookingWorkflow in one transaction. A round's batch
// answers (HoldsAnswered, AwardsAnswered, ConfirmsAnswered) are the path rounds take; the single answers are what the
// single commands (HoldNodes, AwardBid, ConfirmHold) still produce, and mean the same step for one booking.

public sealed class HoldsAnsweredConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<HoldsAnswered>(db)
{
    protected override Task Handle(ConsumeContext<HoldsAnswered> context, UnitOfWork uow) =>
        workflow.HeldAsync(uow, context.Message.Held, context.Message.Unavailable);
}

public sealed class NodesHeldConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<NodesHeld>(db)
{
    protected override Task Handle(ConsumeContext<NodesHeld> context, UnitOfWork uow) => workflow.HeldAsync(uow, [context.Message], []);
}

public sealed class NodesUnavailableConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<NodesUnavailable>(db)
{
    protected override Task Handle(ConsumeContext<NodesUnavailable> context, UnitOfWork uow) => workflow.HeldAsync(uow, [], [context.Message]);
}

public sealed class AwardsAnsweredConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<AwardsAnswered>(db)
{
    protected override Task Handle(ConsumeContext<AwardsAnswered> context, UnitOfWork uow) =>
        workflow.AwardedAsync(uow, context.Message.Awarded, context.Message.Refused);
}

public sealed class BidAwardedConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<BidAwarded>(db)
{
    protected override Task Handle(ConsumeContext<BidAwarded> context, UnitOfWork uow) => workflow.AwardedAsync(uow, [context.Message], []);
}

public sealed class BidAwardRefusedConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<BidAwardRefused>(db)
{
    protected override Task Handle(ConsumeContext<BidAwardRefused> context, UnitOfWork uow) => workflow.AwardedAsync(uow, [], [context.Message]);
}

public sealed class ConfirmsAnsweredConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<ConfirmsAnswered>(db)
{
    protected override Task Handle(ConsumeContext<ConfirmsAnswered> context, UnitOfWork uow) =>
        workflow.ConfirmedAsync(uow, context.Message.Confirmed, context.Message.Lost);
}

public sealed class HoldConfirmedConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<HoldConfirmed>(db)
{
    protected override Task Handle(ConsumeContext<HoldConfirmed> context, UnitOfWork uow) => workflow.ConfirmedAsync(uow, [context.Message], []);
}

public sealed class HoldLostConsumer(Db db, BookingWorkflow workflow) : TransactionalConsumer<HoldLost>(db)
{
    protected override Task Handle(ConsumeContext<HoldLost> context, UnitOfWork uow) => workflow.ConfirmedAsync(uow, [], [context.Message]);
}
