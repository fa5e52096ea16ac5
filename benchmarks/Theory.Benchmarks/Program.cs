using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;

if (args.Length > 0 && args[0] == "epoch")
{
    return Theory.Benchmarks.EpochTimer.Run(args);
}

// One short job for every benchmark (3 warm-ups, 5 measured iterations of about 250 ms) so that the whole
// suite, run with --filter '*' --join, finishes in well under 15 minutes; the median is the quoted figure.
IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1)
        .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Short"))
    .AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
BenchmarkSwitcher.FromAssembly(typeof(Theory.Benchmarks.Analytic.OptimalNoiseBenchmarks).Assembly).Run(args, config);
return 0;
