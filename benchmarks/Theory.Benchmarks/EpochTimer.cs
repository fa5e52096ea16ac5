using System.Diagnostics;
using System.Globalization;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Theory.Benchmarks -- epoch [--epochs 3] [--float] [--local]`: times
/// whole training epochs (60,000 images, batch 20, double or with --float single, one weight sample per
/// minibatch or with --local the local reparameterisation, one thread) and prints the median, for benchmarks/compare.sh to
/// set beside PyTorch. The BenchmarkDotNet EpochBenchmarks measure the same work with more care.
/// </summary>
internal static class EpochTimer
{
    public static int Run(string[] args)
    {
        int epochs = 3;
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--epochs")
            {
                epochs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            }
        }

        var (train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory), log: Console.Error.WriteLine);
        bool single = args.Contains("--float");
        var estimator = args.Contains("--local") ? WeightEstimator.Local : WeightEstimator.Sample;
        var options = new SoftmaxTrainingOptions(2.0 / 3, Estimator: estimator, SinglePrecision: single);
        IStochasticSoftmax model = single ? new StochasticSoftmaxSingle(train.Features, options) : new StochasticSoftmax(train.Features, options);
        var rng = new Theory.Stats.Xoshiro256(1);
        int[] order = [.. Enumerable.Range(0, train.Count)];
        var times = new List<double>();
        for (int e = 0; e < epochs; e++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            var clock = Stopwatch.StartNew();
            SoftmaxExperiment.Pass(model, train, order, 20, step: true, null, null);
            times.Add(clock.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {e + 1}: {times[^1]:F3} s"));
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median seconds per epoch: {times[times.Count / 2]:F4}"));
        return 0;
    }
}
