using System.Diagnostics;
using System.Globalization;
using Theory.Data;
using Theory.Training;

namespace Theory.Benchmarks;

/// <summary>
/// `dotnet run -c Release --project benchmarks/Theory.Benchmarks -- epoch [--epochs 3] [--float] [--local] [--hidden 100,100] [--threads N] [--hessian]`:
/// times whole training epochs (60,000 images, batch 20, double or with --float single, one weight sample per
/// minibatch or with --local the local reparameterisation, no hidden layer or the given ones, one thread or N) and prints the median, for benchmarks/compare.sh to
/// set beside PyTorch. The BenchmarkDotNet EpochBenchmarks measure the same work with more care.
/// </summary>
internal static class EpochTimer
{
    public static int Run(string[] args)
    {
        int epochs = 3, threads = 1;
        int[] hidden = [];
        bool single = false, local = false, hessian = false;
        for (int i = 1; i < args.Length; i++) // args[0] is "epoch"
        {
            switch (args[i])
            {
                case "--float":
                    single = true;
                    break;
                case "--local":
                    local = true;
                    break;
                case "--hessian":
                    hessian = true;
                    break;
                case "--epochs" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out epochs) && epochs >= 1:
                    i++;
                    break;
                case "--hidden" when i + 1 < args.Length:
                    hidden = [.. args[++i].Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
                    break;
                case "--threads" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out threads) && threads >= 1:
                    i++;
                    break;
                case "--epochs":
                    Console.Error.WriteLine($"epoch: --epochs needs a whole number of at least 1 (got '{(i + 1 < args.Length ? args[i + 1] : string.Empty)}').");
                    return 2;
                default:
                    Console.Error.WriteLine($"epoch: unknown argument '{args[i]}'; use [--epochs N] [--float] [--local] [--hidden 100,100] [--threads N] [--hessian].");
                    return 2;
            }
        }

        var (train, _) = MnistFiles.Load(DataSetKind.Mnist, MnistFiles.DefaultFolder(AppContext.BaseDirectory), log: Console.Error.WriteLine);
        var estimator = local ? WeightEstimator.Local : WeightEstimator.Sample;
        var options = new SoftmaxTrainingOptions(2.0 / 3, Estimator: estimator, SinglePrecision: single, Hidden: hidden, Threads: threads);
        IStochasticNetwork model = SoftmaxExperiment.Create(train.Features, options);
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
        if (hessian)
        {
            // The exact Hessian pass at the means over the 60,000 training images, as the experiment runs it (one thread).
            var clock = Stopwatch.StartNew();
            NetworkMeasurements.HessianDiagonal(model.Shape, model.MeanValues.ToArray(), train);
            double seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact Hessian pass: {seconds:F3} s = {seconds / times[times.Count / 2]:F2} training epochs"));
        }
        return 0;
    }
}
