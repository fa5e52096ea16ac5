using System.Globalization;
using Theory.Data;
using Theory.Experimental;
using Xunit;

namespace Theory.Tests.Experimental;

public class ExperimentalDataTests
{
    private const string SjostromHeader = "\uFEFFRecording,Pr (before),Pr (after),\"q (mV, before)\",\"q (mV, after)\",w (before),w (after),dw_rel";

    [Fact]
    public void Shipped_files_have_their_published_row_counts()
    {
        (KoData ko, var sjostrom) = ExperimentalData.ShippedSets();
        Assert.Equal(136, ko.Count);
        Assert.Equal(["LTP", "LTD"], sjostrom.Select(s => s.Label));
        Assert.Equal(30, sjostrom[0].Data.Count);
        Assert.Equal(14, sjostrom[1].Data.Count);
        Assert.StartsWith("EPSP_Sat_Sep_9_2000_5_to_6", sjostrom[0].Data.Recording[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExperimentalData.LtpFile, 11, 12)]
    [InlineData(ExperimentalData.LtdFile, 7, 8)]
    public void The_weights_read_are_pr_times_q_on_every_row(string file, int before, int after)
    {
        // Column positions and the identity checked here directly on the raw table, not through the reader.
        CsvTable raw = ExperimentalData.Shipped(file);
        Assert.Equal("w (before)", raw.Header[before]);
        Assert.Equal("w (after)", raw.Header[after]);
        SjostromData data = SjostromData.From(raw);
        for (int r = 0; r < raw.Rows.Count; r++)
        {
            double F(string column) => double.Parse(raw.Rows[r][raw.Header.ToList().IndexOf(column)], CultureInfo.InvariantCulture);
            Assert.Equal(F("Pr (before)") * F("q (mV, before)"), data.WeightBefore[r], 1e-7);
            Assert.Equal(F("Pr (after)") * F("q (mV, after)"), data.WeightAfter[r], 1e-7);
            Assert.Equal(double.Parse(raw.Rows[r][before], CultureInfo.InvariantCulture), data.WeightBefore[r]);
            Assert.Equal(F("dw_rel"), data.RelativeChange[r], 1e-7);
            Assert.Equal(Math.Sqrt((1 - F("Pr (before)")) / F("Pr (before)")), data.CoefficientOfVariation[r], 12);
        }
    }

    [Fact]
    public void The_ltd_files_second_weight_pair_fails_the_identity()
    {
        CsvTable raw = ExperimentalData.Shipped(ExperimentalData.LtdFile);
        Assert.Equal([7, 15], raw.IndicesOf("w (before)"));
        double[] pr = raw.Numbers(raw.IndexOf("Pr (before)")), q = raw.Numbers(raw.IndexOf("q (mV, before)")), w = raw.Numbers(15);
        Assert.Contains(Enumerable.Range(0, w.Length), r => Math.Abs(w[r] - (pr[r] * q[r])) > 1e-3 * pr[r] * q[r]);
    }

    [Fact]
    public void A_weight_column_first_in_the_file_but_wrong_is_passed_over_for_the_true_one()
    {
        CsvTable t = CsvTable.Parse("swapped.csv",
            "Recording,Pr (before),Pr (after),\"q (mV, before)\",\"q (mV, after)\",w (before),w (after),w (before),w (after)\n" +
            "'a',0.5,0.6,0.2,0.3,9,9,0.1,0.18\n'b',0.25,0.5,0.4,0.4,9,9,0.1,0.2\n'c',0.8,0.4,0.1,0.1,9,9,0.08,0.04\n");
        SjostromData data = SjostromData.From(t);
        Assert.Equal([0.1, 0.1, 0.08], data.WeightBefore);
        Assert.Equal([0.18, 0.2, 0.04], data.WeightAfter);
        Assert.Equal([0.8, 1.0, 0.5], data.RelativeChange.Select(v => Math.Round(v, 12)));
    }

    [Theory]
    [InlineData("'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n'b',0.25,0.5,0.4,0.4,0.11,0.2,0.8\n'c',0.8,0.4,0.1,0.1,0.08,0.04,0.5\n",
        "bad.csv: column 'w (before)' is not Pr x q on every row, so it is not the weight.")]
    [InlineData("'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n'b',0.25,0.5,0.4,0.4,0.1,0.2,0.9\n'c',0.8,0.4,0.1,0.1,0.08,0.04,0.5\n",
        "bad.csv:3: dw_rel is 0.9, but |w after - w before| / w before is 1.")]
    [InlineData("'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n'b',1,0.5,0.1,0.4,0.1,0.2,1\n'c',0.8,0.4,0.1,0.1,0.08,0.04,0.5\n",
        "bad.csv:3: Pr (before) is 1; CV = sqrt((1 - Pr)/Pr) needs 0 < Pr < 1.")]
    [InlineData("'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n'b',0.25,0.25,0.4,0.4,0.1,0.1,0\n'c',0.8,0.4,0.1,0.1,0.08,0.04,0.5\n",
        "bad.csv:3: the weight did not change; a log-log fit needs dw_rel > 0.")]
    [InlineData("'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n", "bad.csv: 1 recordings; a fit with a p-value needs at least 3.")]
    public void A_sjostrom_file_that_does_not_hold_together_is_refused_by_name(string rows, string message)
    {
        CsvTable t = CsvTable.Parse("bad.csv", SjostromHeader + "\n" + rows);
        Assert.Equal(message, Assert.Throws<CsvException>(() => SjostromData.From(t)).Message);
    }

    [Theory]
    [InlineData("mean,var,foopsi_mean\n0.3,0.2,0.002\n0.1,0,0.003\n0.2,0.1,0.004\n", "ko.csv:3: column 'var' is 0; a log-log fit needs it positive.")]
    [InlineData("mean,var\n0.3,0.2\n", "ko.csv: no column 'foopsi_mean' (columns: 'mean', 'var').")]
    public void A_bad_ko_file_is_refused_by_name(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<CsvException>(() => KoData.From(CsvTable.Parse("ko.csv", text))).Message);
    }

    [Fact]
    public void User_files_are_told_apart_by_their_header()
    {
        string folder = Directory.CreateTempSubdirectory().FullName;
        string ko = Path.Combine(folder, "mine.csv"), sj = Path.Combine(folder, "pairs.csv"), other = Path.Combine(folder, "other.csv");
        File.WriteAllText(ko, "\"mean\", \"var\", \"foopsi_mean\",\n0.3,0.2,0.002\n0.1,0.05,0.003\n0.2,0.1,0.004\n");
        File.WriteAllText(sj, SjostromHeader + "\n'a',0.5,0.6,0.2,0.3,0.1,0.18,0.8\n'b',0.25,0.5,0.4,0.4,0.1,0.2,1\n'c',0.8,0.4,0.1,0.1,0.08,0.04,0.5\n");
        File.WriteAllText(other, "x,y\n1,2\n");
        var (k, s) = ExperimentalData.Read([ko, sj]);
        Assert.Equal(3, k!.Count);
        Assert.Equal("pairs", Assert.Single(s).Label);
        Assert.StartsWith($"{other}: neither shape", Assert.Throws<CsvException>(() => ExperimentalData.Read([other])).Message, StringComparison.Ordinal);
        Assert.StartsWith($"{ko}: a second Ko et al. table", Assert.Throws<CsvException>(() => ExperimentalData.Read([ko, ko])).Message, StringComparison.Ordinal);
    }
}
