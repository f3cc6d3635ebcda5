using KnowledgeBase.Bench.Cli;

return BenchApp.Run(args, Console.Out, Console.Error);
