namespace Marketplace.Domain;

public sealed record GpuModel(string Id, string Vendor, int MemoryGb, double Bf16DenseTflops);

/// <summary>The GPU models the market trades. Ids are part of the API contract.</summary>
public static class GpuCatalog
{
    public static IReadOnlyList<GpuModel> All { get; } =
    [
        new("H100-SXM-80GB", "nvidia", 80, 989),
        new("H200-SXM-141GB", "nvidia", 141, 989),
        new("B200-SXM-192GB", "nvidia", 192, 2250),
        new("A100-SXM-80GB", "nvidia", 80, 312),
        new("A100-SXM-40GB", "nvidia", 40, 312),
        new("A10G-24GB", "nvidia", 24, 70),
        new("L40S-48GB", "nvidia", 48, 362),
        new("MI300X-192GB", "amd", 192, 1307),
    ];

    private static readonly HashSet<string> Ids = All.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

    public static bool Contains(string? id) => id is not null && Ids.Contains(id);
}
