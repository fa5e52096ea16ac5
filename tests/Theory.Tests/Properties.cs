// Every FsCheck property replays the same pseudo-random stream, so a test run is reproducible like everything
// else here. To explore afresh, delete this line and run the suite a few times. A failure prints the Replay
// seed it used.
[assembly: FsCheck.Xunit.Properties(Replay = "(20261125,97531)")]
