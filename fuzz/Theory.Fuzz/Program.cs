using Theory.Fuzz;

// Theory.Fuzz TARGET                  under afl-fuzz (fuzz/run.sh): SharpFuzz's out-of-process loop
// Theory.Fuzz TARGET --replay FILE... each file once, without the fuzzer: exit 1 and the exception on the first bug
if (args.Length == 0 || !Targets.Names.Contains(args[0]))
{
    Console.Error.WriteLine($"usage: Theory.Fuzz TARGET [--replay FILE...]; TARGET is one of {string.Join(", ", Targets.Names)}");
    return 2;
}

string target = args[0];
if (args.Length > 1 && args[1] == "--replay")
{
    foreach (string file in args.Skip(2))
    {
        try
        {
            Targets.Run(target, File.ReadAllBytes(file));
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"{file}: {e}");
            return 1;
        }
    }

    return 0;
}

SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    Targets.Run(target, copy.ToArray());
});
return 0;
