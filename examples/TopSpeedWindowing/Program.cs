using Brook.Streaming;
using Brook.Streaming.Watermarks;
using Brook.Streaming.Windowing;

// Flink's TopSpeedWindowing: a generated stream of car telemetry (car, speed, distance, time). For each
// car, every time it has driven another 50 meters the job emits its top speed over the last 10 seconds
// of event time: a global window per car, a delta trigger on the distance and a time evictor.
// Optional arguments: parallelism, number of readings per car.
var env = StreamExecutionEnvironment.GetExecutionEnvironment();
if (args.Length > 0 && int.TryParse(args[0], out var parallelism)) env.SetParallelism(parallelism);
var readingsPerCar = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 200;
const int cars = 4;

env.FromGenerator(i => CarSimulation.Reading((int)(i % cars), i / cars), count: cars * (long)readingsPerCar)
    .Name("Car telemetry")
    .AssignTimestampsAndWatermarks(WatermarkStrategy<CarEvent>.ForMonotonousTimestamps().WithTimestampAssigner((e, _) => e.Timestamp))
    .KeyBy(e => e.CarId)
    .Window(GlobalWindows.Create())
    .Evictor(TimeEvictor.Of(TimeSpan.FromSeconds(10)))
    .Trigger(DeltaTrigger<CarEvent>.Of(50, (previous, current) => current.Distance - previous.Distance))
    .Reduce((a, b) => b.Speed > a.Speed ? b with { Distance = Math.Max(a.Distance, b.Distance), Timestamp = Math.Max(a.Timestamp, b.Timestamp) }
        : a with { Distance = Math.Max(a.Distance, b.Distance), Timestamp = Math.Max(a.Timestamp, b.Timestamp) })
    .Name("Top speed")
    .Print();

// Under `dotnet run` this waits for the job's end; submitted to a cluster it returns once the job is submitted.
var result = await env.ExecuteAsync("TopSpeedWindowing");
Console.WriteLine(result.IsDetached ? $"Submitted job {result.JobId}." : $"Job {result.JobId} finished in {result.NetRuntime.TotalMilliseconds:F0} ms.");

/// <summary>One telemetry reading: speed in km/h, total distance in meters, event time in epoch ms.</summary>
internal readonly record struct CarEvent(int CarId, int Speed, double Distance, long Timestamp);

internal static class CarSimulation
{
    private static readonly long Start = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();

    /// <summary>
    /// Reading <paramref name="step"/> of a car, one per 100 ms: the speed drifts up and down
    /// deterministically per car, and the distance is the integral of the speed so far.
    /// </summary>
    public static CarEvent Reading(int carId, long step)
    {
        double distance = 0;
        var speed = 50;
        for (long s = 0; s <= step; s++)
        {
            speed = SpeedAt(carId, s);
            distance += speed / 3.6 * 0.1;
        }
        return new CarEvent(carId, speed, distance, Start + step * 100);
    }

    private static int SpeedAt(int carId, long step)
    {
        var phase = (step + carId * 37) % 200;
        var wave = phase < 100 ? phase : 200 - phase;
        return Math.Clamp(40 + carId * 5 + (int)wave / 2, 0, 200);
    }
}
