using Marketplace.Allocation.Matching;

namespace Marketplace.Allocation.Rounds;

/// <summary>
/// Bids under every ask of their market sleep. Such a bid cannot win, cannot set a winner's price (a winner pays at
/// least its cluster's ask) and ranks after every bid that could win, so leaving it out of a round changes nothing for
/// the others; and why it loses depends only on the <see cref="MarketFacts"/>. So a round decides a sleeping bid once,
/// and again only when the facts change (a cluster listed, delisted or repriced, the next whole hour): with thousands
/// of lowball bids waiting for asks to fall, a round costs what can change, not what is open. One per market in
/// <see cref="OpenBidCache"/>, used by one round at a time (an instance runs its rounds one after another).
/// </summary>
public sealed class SleepingBids
{
    private MarketFacts? _facts;
    private readonly HashSet<Guid> _decided = [];

    /// <summary>
    /// Adds to <paramref name="decide"/> every bid that is awake under <paramref name="facts"/> and every sleeping bid
    /// not yet decided under them; returns the latter.
    /// </summary>
    public List<OpenBid> Select(IEnumerable<OpenBid> open, MarketFacts facts, List<OpenBid> decide)
    {
        var sameFacts = facts.Equals(_facts);
        var sleepers = new List<OpenBid>();
        foreach (var bid in open)
        {
            if (!facts.Sleeps(bid)) decide.Add(bid);
            else if (!sameFacts || !_decided.Contains(bid.BidId))
            {
                decide.Add(bid);
                sleepers.Add(bid);
            }
        }
        return sleepers;
    }

    /// <summary>A round decided these sleeping bids under <paramref name="facts"/> and committed.</summary>
    public void Decided(MarketFacts facts, IEnumerable<OpenBid> sleepers)
    {
        if (!facts.Equals(_facts))
        {
            _decided.Clear();
            _facts = facts;
        }
        foreach (var bid in sleepers) _decided.Add(bid.BidId);
    }

    /// <summary>The bid left the market (won elsewhere, closed, expired).</summary>
    public void Forget(Guid bidId) => _decided.Remove(bidId);
}
