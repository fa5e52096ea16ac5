using System.CommandLine;
using System.Globalization;
using Theory.Data;
using Theory.Training;

namespace Theory.Cli;

/// <summary>
/// <c>theory import FILE</c>: a stochastic network trained elsewhere (safetensors or .npz, in the plain,
/// EfficientBayes or bayesian-torch convention) measured as <c>theory slopes</c> measures its own after training:
/// the Fisher epochs, the exact Hessian diagonal and the same per-layer table. It trains nothing.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var trainer = new TrainerOptions();
        var file = new Argument<string>("FILE") { Description = "The network: a safetensors file or numpy .npz of its state dict." };
        var format = new Option<string?>("--format") { Description = "safetensors or npz (default: from the file's first bytes)." };
        var convention = new Option<string?>("--convention") { Description = "plain, efficientbayes or bayesian-torch (default: detected from the tensor names)." };
        var rho = new Option<double[]>("--rho") { Description = "Cost exponents whose analytic slopes to print (default: the file's metadata rho, else the four mechanisms').", AllowMultipleArgumentsPerToken = true };
        var fisherEpochs = new Option<int>("--fisher-epochs") { Description = "Epochs of squared-gradient accumulation, noise on as in training.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print the table as JSON." };
        var output = new Option<string?>("--out") { Description = "Write slopes.csv, slopes.json and per-weight .npy arrays to this folder." };
        var plot = new Option<string?>("--plot") { Description = "Write the slopes figures to this folder." };

        // The trainer's options that describe data and measurement; the ones that only shape training are hidden.
        foreach (Option o in new Option[] { trainer.Epochs, trainer.LearningRate, trainer.LearningRateSigma, trainer.SigmaInit, trainer.Converge, trainer.MaxEpochs,
            trainer.Tolerance, trainer.Hidden, trainer.SaveAs, trainer.Single, trainer.DataScale, trainer.Homogeneous })
        {
            o.Hidden = true;
        }

        var command = new Command("import", "Measure a stochastic network trained elsewhere (PyTorch: EfficientBayes, bayesian-torch, or Theory's plain convention): the per-layer slopes table of `theory slopes`, training nothing.");
        command.Arguments.Add(file);
        foreach (Option o in new Option[] { format, convention, rho, fisherEpochs, json, output, plot }.Concat(trainer.All))
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            string path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"no file '{Theory.Guard.Quote(path)}'.");
            }

            string? forced = parse.GetValue(format);
            if (forced is not (null or "safetensors" or "npz"))
            {
                throw new UsageException($"--format must be safetensors or npz (got '{Theory.Guard.Quote(forced)}').");
            }

            NetworkConvention? named = parse.GetValue(convention) is { } c
                ? NetworkFile.Parse(c) ?? throw new UsageException($"--convention must be plain, efficientbayes or bayesian-torch (got '{Theory.Guard.Quote(c)}').")
                : null;
            NetworkLayout layout = parse.GetValue(trainer.Layout) switch
            {
                "text" => NetworkLayout.Text,
                "published" => NetworkLayout.Published,
                var other => throw new UsageException($"--layout must be text or published (got '{Theory.Guard.Quote(other ?? string.Empty)}')."),
            };
            int fisher = parse.GetValue(fisherEpochs);
            if (fisher is < 1 or > 1000)
            {
                throw new UsageException($"--fisher-epochs must be from 1 to 1000 (got {fisher}).");
            }

            (NetworkParameters network, Dictionary<string, string> metadata) = ReadNetwork(path, forced, layout, named);
            if (network.Convention == NetworkConvention.EfficientBayes && parse.GetResult(trainer.Layout) is null or { Implicit: true })
            {
                Console.Error.WriteLine("theory: hint: the authors' EfficientBayes code puts no ReLU after the first layer; give --layout published to measure their network as they ran it.");
            }

            double[]? rhos = parse.GetValue(rho) is { Length: > 0 } r ? r
                : metadata.TryGetValue("rho", out string? m) && double.TryParse(m, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? [v] : null;
            var mechanisms = CliApp.Runs(rhos);
            ulong seed = parse.GetValue(trainer.Seed);
            SoftmaxTrainingOptions options = trainer.Build(parse, mechanisms[0].Rho, 1.0, seed, trainer.ThreadCount(parse)) with
            {
                Hidden = network.Shape.Hidden, Layout = layout, FisherEpochs = fisher, AverageEpochs = 0,
            };

            string? outDir = parse.GetValue(output), plotDir = parse.GetValue(plot);
            using OutputFolders folders = CliApp.PrepareOutputFolders(outDir, plotDir);
            OutputFolder? outFolder = folders.Out, plotFolder = folders.Plot;
            var (train, test, source) = trainer.LoadData(parse);
            if (train.Features != network.Shape.Features)
            {
                throw new UsageException($"{Theory.Guard.Quote(path)}: layer '{network.LayerNames[0]}' takes {network.Shape.Features} inputs, the data set's images have {train.Features} pixels.");
            }

            TrainedNetwork imported = SoftmaxExperiment.FromParameters(train, options, network.Mu, network.Sigma);
            SoftmaxResult measured = SoftmaxExperiment.Measure(imported, train, test, options);

            // The measurement does not depend on rho; each mechanism's row differs only in its analytic slope.
            SoftmaxResult[] results = [.. mechanisms.Select(x => measured with { Options = measured.Options with { Rho = x.Rho } })];
            NetworkShape shape = measured.Shape;
            var rows = Enumerable.Range(0, shape.Layers)
                .SelectMany(layer => mechanisms.Select((x, i) => SlopeAnalysis.Analyze(results[i], layer, x.Name, seed))).ToList();
            DataSetKind kind = trainer.Kind(parse);
            string header = string.Create(CultureInfo.InvariantCulture,
                $"imported {Theory.Guard.Quote(path)}: {NetworkFile.Name(network.Convention)} convention, {shape} ({string.Join(", ", network.LayerNames)}), layout {(layout == NetworkLayout.Published ? "published" : "text")}; trained elsewhere, so the epoch and drift columns are empty\n");
            string table = header + SlopeTable.Text(rows, train.Count, kind, source, trainer.EstimatorValue(parse), false, shape);
            string jsonText = SlopeTable.Json(rows, kind, source, shape);
            Console.Out.Write(parse.GetValue(json) ? jsonText + "\n" : table);
            if (outFolder is not null)
            {
                SlopeTable.WriteOutputs(outFolder.Path, rows, results, r => mechanisms.FindIndex(x => x.Name == r.Mechanism), table, jsonText);
            }

            if (plotDir is not null)
            {
                Figures.SlopeFigure.Write(folders.PlotPath(plotDir)!, results, rows);
            }

            outFolder?.Complete(parse);
            plotFolder?.Complete(parse);
            return CliApp.Ok;
        }));
        return command;
    }

    private static (NetworkParameters Network, Dictionary<string, string> Metadata) ReadNetwork(string path, string? format, NetworkLayout layout, NetworkConvention? convention)
    {
        try
        {
            return NetworkFile.Read(path, layout, convention, format);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw new UsageException(e.Message);
        }
    }
}
