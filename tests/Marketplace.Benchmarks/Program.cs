using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Marketplace.Benchmarks.MatchingRoundBenchmark).Assembly).Run(args);
