using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Theory.Benchmarks.Analytic.OptimalNoiseBenchmarks).Assembly).Run(args);
