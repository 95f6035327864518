using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;
using Brook.Streaming.Watermarks;

// Flink's state machine example: each user's events must follow login -> (browse | purchase)* -> logout.
// A keyed process function keeps each user's current state in keyed state and flags every event that is
// not a valid next step. An event-time timer per user flags sessions that stay open more than 30 seconds
// without activity (and forgets them). Optional arguments: parallelism, number of events.
var env = StreamExecutionEnvironment.GetExecutionEnvironment();
if (args.Length > 0 && int.TryParse(args[0], out var parallelism)) env.SetParallelism(parallelism);
var count = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 2_000;

env.FromGenerator(UserActivity.Event, count)
    .Name("User activity")
    .AssignTimestampsAndWatermarks(WatermarkStrategy<UserEvent>.ForBoundedOutOfOrderness(TimeSpan.FromSeconds(1))
        .WithTimestampAssigner((e, _) => e.Timestamp))
    .KeyBy(e => e.User)
    .Process(new SessionStateMachine())
    .Name("State machine")
    .Print();

// Under `dotnet run` this waits for the job's end; submitted to a cluster it returns once the job is submitted.
var result = await env.ExecuteAsync("StateMachine");
Console.WriteLine(result.IsDetached ? $"Submitted job {result.JobId}." : $"Job {result.JobId} finished in {result.NetRuntime.TotalMilliseconds:F0} ms.");

internal enum EventType
{
    Login,
    Browse,
    Purchase,
    Logout,
}

internal enum SessionState
{
    LoggedOut,
    LoggedIn,
}

internal readonly record struct UserEvent(string User, EventType Type, long Timestamp);

internal sealed class SessionStateMachine : KeyedProcessFunction<string, UserEvent, string>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private IValueState<SessionState> _state = null!;
    private IValueState<long> _timeout = null!;

    public override void Open()
    {
        _state = RuntimeContext.GetState(new ValueStateDescriptor<SessionState>("state", SessionState.LoggedOut));
        _timeout = RuntimeContext.GetState(new ValueStateDescriptor<long>("timeout", long.MinValue));
    }

    public override void ProcessElement(UserEvent value, Context context, ICollector<string> output)
    {
        var current = _state.Value();
        SessionState? next = (current, value.Type) switch
        {
            (SessionState.LoggedOut, EventType.Login) => SessionState.LoggedIn,
            (SessionState.LoggedIn, EventType.Browse or EventType.Purchase) => SessionState.LoggedIn,
            (SessionState.LoggedIn, EventType.Logout) => SessionState.LoggedOut,
            _ => null,
        };
        if (next is null)
        {
            output.Collect($"ALERT {value.User}: {value.Type} is not valid when {current} (at {DateTimeOffset.FromUnixTimeMilliseconds(value.Timestamp):HH:mm:ss.fff})");
            return;
        }
        _state.Update(next.Value);
        if (_timeout.Value() != long.MinValue) context.TimerService.DeleteEventTimeTimer(_timeout.Value());
        if (next == SessionState.LoggedIn)
        {
            var at = value.Timestamp + (long)Timeout.TotalMilliseconds;
            context.TimerService.RegisterEventTimeTimer(at);
            _timeout.Update(at);
        }
        else
        {
            _timeout.Clear();
        }
    }

    public override void OnTimer(long timestamp, OnTimerContext context, ICollector<string> output)
    {
        output.Collect($"TIMEOUT {context.CurrentKey}: session idle for {Timeout.TotalSeconds:F0} s (at {DateTimeOffset.FromUnixTimeMilliseconds(timestamp):HH:mm:ss.fff})");
        _state.Clear();
        _timeout.Clear();
    }
}

internal static class UserActivity
{
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private static readonly EventType[] Session = [EventType.Login, EventType.Browse, EventType.Browse, EventType.Purchase, EventType.Logout];

    /// <summary>
    /// Event i, one per 250 ms overall: nine users walk through sessions in turn. About one event in 40 is a
    /// mistake (a step out of order), and user-8 regularly walks away for 45 s in the middle of a session
    /// (a visitor logs in and out meanwhile), so its session times out.
    /// </summary>
    public static UserEvent Event(long i)
    {
        var timestamp = Start + i * 250;
        var user = (int)(i % 9);
        var round = i / 9;
        if (user == 8 && round % 40 is >= 3 and < 23)
            return new UserEvent("visitor", round % 2 == 1 ? EventType.Login : EventType.Logout, timestamp);
        var type = Session[round % Session.Length];
        if (Hash(i) % 40 == 17) type = (EventType)(Hash(i + 1) % 4);
        return new UserEvent("user-" + user, type, timestamp);
    }

    private static long Hash(long x) => (x * 2654435761L >>> 7) & 0x7fffffff;
}
