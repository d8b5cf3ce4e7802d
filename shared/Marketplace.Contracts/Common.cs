namespace Marketplace.Contracts;

/// <summary>Who is asking. Every request from the gateway carries it; the owning service decides what the caller may see or change.</summary>
public record Caller(Guid OrganizationId, string Role);

/// <summary>
/// A refusal from the owning service, in RFC 9457 terms. The gateway maps it to problem+json unchanged,
/// so a service's rule produces the same error whichever client reached it.
/// </summary>
public record Problem(int Status, string Title, string? Detail, IDictionary<string, string[]>? Errors);
