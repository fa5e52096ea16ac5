using Theory.Sweeps;
using Theory.Training;
using Xunit;

namespace Theory.Tests.Sweeps;

public class TaskStoreTests
{
    private static TradeoffRun Sample(double c) => new("calcium", 0.5, c, NoiseSetting.Homogeneous, 12.5, 0.91, 0.92, 0.3, double.NaN, 0.1 / 3, double.PositiveInfinity, 1e-300, 0.25, 50, 1.5);

    [Fact]
    public void A_result_round_trips_bit_for_bit_including_non_finite_values()
    {
        string dir = Directory.CreateTempSubdirectory("theory-tasks").FullName;
        try
        {
            var store = new TaskStore<TradeoffRun>(dir);
            Assert.Null(store.Read("hom-rho0.5-c1"));
            store.Write("hom-rho0.5-c1", Sample(1));
            TradeoffRun back = store.Read("hom-rho0.5-c1")!;
            Assert.Equal(Sample(1), back);
            Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 / 3), BitConverter.DoubleToInt64Bits(back.RmsSigma));
            Assert.Contains("\"setting\": \"homogeneous\"", File.ReadAllText(store.PathOf("hom-rho0.5-c1")), StringComparison.Ordinal);
            Assert.Equal(Path.Combine(dir, "tasks"), store.Folder);

            // A file that is not a result (never written by the store: its writes are atomic) counts as not finished.
            File.WriteAllText(store.PathOf("broken"), "{\"mechanism\": ");
            Assert.Null(store.Read("broken"));
            store.Clear();
            Assert.Empty(Directory.GetFiles(store.Folder));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Ids_that_could_leave_the_folder_are_refused(string id)
    {
        string dir = Directory.CreateTempSubdirectory("theory-tasks").FullName;
        try
        {
            Assert.ThrowsAny<ArgumentException>(() => new TaskStore<TradeoffRun>(dir).PathOf(id));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Hash_changes_with_any_setting_and_not_otherwise()
    {
        var a = new SoftmaxTrainingOptions(0.5);
        Assert.Equal(TaskJson.Hash(a), TaskJson.Hash(new SoftmaxTrainingOptions(0.5)));
        Assert.NotEqual(TaskJson.Hash(a), TaskJson.Hash(a with { Epochs = 49 }));
        Assert.NotEqual(TaskJson.Hash(a), TaskJson.Hash(a with { Hidden = [100] }));
        Assert.Equal(16, TaskJson.Hash(a).Length);
    }

    [Fact]
    public void Shards_are_disjoint_and_cover_the_sweep()
    {
        for (int n = 1; n <= 7; n++)
        {
            Shard[] shards = [.. Enumerable.Range(1, n).Select(i => new Shard(i, n))];
            for (int task = 0; task < 50; task++)
            {
                Assert.Equal(1, shards.Count(s => s.Owns(task)));
            }
        }

        Assert.Equal(new Shard(3, 8), Shard.Parse("3/8"));
        Assert.Equal("3/8", Shard.Parse("3/8").ToString());
        foreach (string bad in new[] { "0/4", "5/4", "1/0", "1", "1/2/3", "-1/2", "a/b", " 1/2", "1/100001" })
        {
            Assert.Throws<FormatException>(() => Shard.Parse(bad));
        }
    }
}
