using System.CommandLine;
using System.Globalization;
using Theory.Analytic;

namespace Theory.Cli;

/// <summary><c>theory solve</c>: the closed-form optimal noise for importances read from a file or stdin.</summary>
internal static class SolveCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "File of importances A_ii (one per line, or a CSV column); '-' or nothing reads stdin.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => "-",
        };
        var rho = new Option<double?>("--rho") { Description = "Cost exponent rho > 0 (or use --mechanism)." };
        var mechanism = new Option<string?>("--mechanism") { Description = "calcium, membrane, actin or trafficking." };
        var s = new Option<double>("--s") { Description = "Reliability scale s.", DefaultValueFactory = _ => 1e-3 };
        var lambda = new Option<double>("--lambda") { Description = "Reliability weight lambda.", DefaultValueFactory = _ => 1.0 };
        var sigmaY = new Option<double>("--sigma-y") { Description = "Output noise sigma_y.", DefaultValueFactory = _ => 1.0 };
        var sigma0 = new Option<double>("--sigma0") { Description = "Prior standard deviation sigma_0 (for v_MF).", DefaultValueFactory = _ => 10.0 };
        var column = new Option<string?>("--column") { Description = "CSV column holding A_ii: a header name or a 0-based index (default: the first)." };
        var output = new Option<string?>("--out") { Description = "Write the CSV here (atomically) instead of stdout." };

        var command = new Command("solve", "sigma* = (lambda s^rho / A_ii)^(1/(2+rho)) with the mean-field and large-prior posterior variances, as CSV.");
        command.Arguments.Add(input);
        foreach (Option o in new Option[] { rho, mechanism, s, lambda, sigmaY, sigma0, column, output })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse => CliApp.Guarded(() =>
        {
            double r = ResolveRho(parse.GetValue(rho), parse.GetValue(mechanism));
            double sv = parse.GetValue(s), lv = parse.GetValue(lambda), sy = parse.GetValue(sigmaY), s0 = parse.GetValue(sigma0);
            string path = parse.GetValue(input) ?? "-";
            string source = path == "-" ? "stdin" : path;
            double[] gram;
            if (path == "-")
            {
                if (CliApp.StandardInputIsClosed())
                {
                    throw new UsageException("stdin is closed: give a FILE of importances, or pipe them in.");
                }

                if (!Console.IsInputRedirected)
                {
                    // Typed at a terminal, the command would otherwise wait without a word.
                    Console.Error.WriteLine("theory: reading importances A_ii from the terminal, one per line; end with Ctrl-D (or give a file).");
                }

                gram = ImportanceReader.Read(Console.In, source, parse.GetValue(column));
            }
            else
            {
                if (!File.Exists(path))
                {
                    throw new UsageException($"input file '{path}' does not exist.");
                }

                using var reader = new StreamReader(path);
                gram = ImportanceReader.Read(reader, source, parse.GetValue(column));
            }

            // The posterior's own check, under the names as typed, before they scale the importances.
            Theory.Guard.StandardDeviation(sy, "--sigma-y");
            Theory.Guard.StandardDeviation(s0, "--sigma0");
            double[] vmf = Posterior.MeanFieldVariances(gram, sy, s0);
            double[] vlp = Posterior.LargePriorVariances(gram, sy);
            double[] h = [.. gram.Select(a => a / (sy * sy))];
            double[] sigma = OptimalNoise.Sigmas(r, sv, lv, h);

            void Write(TextWriter w)
            {
                w.WriteLine("gram_diagonal,sigma_star,v_mf,v_large_prior,status");
                for (int i = 0; i < gram.Length; i++)
                {
                    string status = OptimalNoise.IsUnconstrained(h[i]) ? "unconstrained" : "ok";
                    w.WriteLine($"{CliApp.Number(gram[i])},{CliApp.Number(sigma[i])},{CliApp.Number(vmf[i])},{CliApp.Number(vlp[i])},{status}");
                }
            }

            string? outPath = parse.GetValue(output);
            if (outPath is null)
            {
                Write(Console.Out);
            }
            else
            {
                CliApp.WriteAtomically(outPath, Write);
            }

            int unconstrained = h.Count(OptimalNoise.IsUnconstrained);
            if (unconstrained > 0)
            {
                Console.Error.WriteLine($"theory: {unconstrained} of {h.Length} synapses have A_ii = 0: unconstrained (sigma* = inf).");
            }

            return CliApp.Ok;
        }));
        return command;
    }

    internal static double ResolveRho(double? rho, string? mechanism)
    {
        if (rho is not null && mechanism is not null)
        {
            throw new UsageException("give --rho or --mechanism, not both.");
        }

        if (mechanism is not null)
        {
            return Mechanisms.Parse(mechanism).Rho();
        }

        if (rho is null)
        {
            throw new UsageException("give --rho R or --mechanism NAME.");
        }

        if (!(rho > 0) || double.IsInfinity(rho.Value))
        {
            throw new UsageException($"--rho must be positive and finite (got {rho.Value.ToString(CultureInfo.InvariantCulture)}).");
        }

        return rho.Value;
    }
}
