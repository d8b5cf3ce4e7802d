namespace Marketplace.Domain;

/// <summary>
/// The planner's arithmetic and its request's rules (API.md "Market data, quotes and plans", docs/market-rules.md):
/// total FLOPs = FLOPs per token × tokens (6 × parameters by default: forward and backward passes of a dense model),
/// hours = ⌈FLOPs / (GPUs × dense BF16 TFLOPS × 10¹² × MFU × 3600)⌉. Both the gateway and allocation check the request.
/// </summary>
public static class TrainingRuns
{
    public const double DefaultMfu = 0.4;
    public const double MinMfu = 0.05;
    public const double MaxMfu = 1;
    public const double MaxParameters = 1e14;
    public const double MaxTokens = 1e16;
    /// <summary>Far above any dense model's (6 × 10¹⁴): only guards the arithmetic.</summary>
    public const double MaxFlopsPerToken = 1e18;

    public static double TotalFlops(double parameters, double tokens, double? flopsPerToken) => (flopsPerToken ?? 6 * parameters) * tokens;

    /// <summary>Whole hours the run takes on <paramref name="gpus"/> GPUs of the model; long.MaxValue if beyond counting.</summary>
    public static long DurationHours(double totalFlops, int gpus, GpuModel model, double mfu)
    {
        var hours = Math.Ceiling(totalFlops / (gpus * model.Bf16DenseTflops * 1e12 * mfu * 3600));
        return hours >= long.MaxValue ? long.MaxValue : (long)hours;
    }

    public static void Validate(ValidationErrors e, DateTimeOffset now, double? parameters, double? tokens, string? gpuModel, int? gpuCount,
        double? mfu, DateTimeOffset? deadline, decimal? budget, double? flopsPerToken)
    {
        if (e.Required("modelParameters", parameters) && !(parameters > 0 && parameters <= MaxParameters))
            e.Add("modelParameters", "must be greater than 0 and at most 1e14");
        if (e.Required("trainingTokens", tokens) && !(tokens > 0 && tokens <= MaxTokens))
            e.Add("trainingTokens", "must be greater than 0 and at most 1e16");
        e.GpuModel("gpuModel", gpuModel);
        e.Range("gpuCount", gpuCount, 1, 100000);
        if (mfu is not null && !(mfu >= MinMfu && mfu <= MaxMfu)) e.Add("mfu", "must be between 0.05 and 1");
        if (deadline is not null && deadline <= now) e.Add("deadline", "must be in the future");
        if (budget is not null && !(budget > 0 && budget <= 1_000_000_000_000m)) e.Add("budget", "must be greater than 0 and at most 1e12");
        if (flopsPerToken is not null && !(flopsPerToken > 0 && flopsPerToken <= MaxFlopsPerToken))
            e.Add("flopsPerToken", "must be greater than 0 and at most 1e18");
    }

    public static GpuModel? Model(string id) => GpuCatalog.All.FirstOrDefault(m => m.Id == id);
}
