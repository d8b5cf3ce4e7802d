using OpenTelemetry.Trace;

namespace Marketplace.Hosting.Metrics;

/// <summary>
/// Records no span, yet lets MassTransit's activities exist so that it records its consume and send metrics (it does so
/// only for an activity it started). OpenTelemetry's own AlwaysOffSampler is special-cased to create no root activity
/// at all, so with it MassTransit recorded nothing; a sampler that decides Drop yields propagation-only activities:
/// no tags, no export, just the object.
/// </summary>
public sealed class DropEverySpanSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(SamplingDecision.Drop);
}
