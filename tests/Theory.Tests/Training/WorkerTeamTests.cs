using Theory.Training;
using Xunit;

namespace Theory.Tests.Training;

public class WorkerTeamTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 1)]
    [InlineData(2, 11)]
    [InlineData(3, 2)]
    [InlineData(3, 44)]
    public void Every_index_runs_once_on_its_members_fixed_share(int threads, int count)
    {
        using var team = new WorkerTeam(threads);
        for (int loop = 0; loop < 200; loop++) // many loops: the workers go back to waiting between them
        {
            int[] runs = new int[count];
            int[] thread = new int[count];
            team.For(count, i =>
            {
                Interlocked.Increment(ref runs[i]);
                thread[i] = Environment.CurrentManagedThreadId;
            });
            Assert.All(runs, r => Assert.Equal(1, r));

            // Member m runs [count m / T, count (m + 1) / T): the same contiguous indices share a thread.
            for (int m = 0; m < threads; m++)
            {
                int start = count * m / threads, end = count * (m + 1) / threads;
                for (int i = start + 1; i < end; i++)
                {
                    Assert.Equal(thread[start], thread[i]);
                }
            }
        }
    }

    [Fact]
    public void The_caller_runs_the_first_share_and_a_worker_the_rest()
    {
        using var team = new WorkerTeam(2);
        int caller = Environment.CurrentManagedThreadId;
        int[] thread = new int[4];
        team.For(4, i => thread[i] = Environment.CurrentManagedThreadId);
        Assert.Equal(caller, thread[0]);
        Assert.Equal(caller, thread[1]);
        Assert.NotEqual(caller, thread[2]);
        Assert.Equal(thread[2], thread[3]);
    }

    [Fact]
    public void Loops_after_the_workers_fell_asleep_still_run()
    {
        using var team = new WorkerTeam(2);
        long sum = 0;
        for (int loop = 0; loop < 3; loop++)
        {
            Thread.Sleep(20); // far past the workers' spin: they sleep, and the next loop must wake them
            team.For(8, i => Interlocked.Add(ref sum, i));
        }

        Assert.Equal(3 * 28, sum);
    }

    [Fact]
    public void An_exception_in_a_worker_reaches_the_caller_and_the_team_goes_on()
    {
        using var team = new WorkerTeam(2);
        var error = Assert.Throws<InvalidOperationException>(() => team.For(4, i =>
        {
            if (i == 3)
            {
                throw new InvalidOperationException("index 3");
            }
        }));
        Assert.Equal("index 3", error.Message);

        int done = 0;
        team.For(4, _ => Interlocked.Increment(ref done));
        Assert.Equal(4, done);
    }

    [Fact]
    public void Calls_from_several_threads_at_once_are_serialised()
    {
        using var team = new WorkerTeam(2);
        long total = 0;
        Parallel.For(0, 8, _ =>
        {
            for (int loop = 0; loop < 50; loop++)
            {
                team.For(6, i => Interlocked.Add(ref total, i + 1));
            }
        });
        Assert.Equal(8 * 50 * 21, total);
    }

    [Fact]
    public void A_disposed_team_refuses_work_and_a_bad_size_is_refused()
    {
        var team = new WorkerTeam(2);
        team.Dispose();
        Assert.Throws<ObjectDisposedException>(() => team.For(4, _ => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerTeam(0));
    }
}
