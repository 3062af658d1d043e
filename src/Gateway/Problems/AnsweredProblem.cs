namespace Gateway.Problems;

/// <summary>The business code of the problem a request was answered with, kept on the request for whoever records it.</summary>
public sealed record AnsweredProblem(int Code);
