using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Timers;

namespace Brook.State.Tests.Watermarks;

public sealed class TwoInputWatermarksTests
{
    [Fact]
    public void The_combined_watermark_is_the_minimum_of_the_active_inputs_and_only_moves_forward()
    {
        var w = new TwoInputWatermarks();

        Assert.Null(w.Advance(1, 100));
        Assert.Equal(50, w.Advance(2, 50));
        Assert.Null(w.Advance(2, 40));

        // Input 2 going idle leaves input 1 alone in the minimum.
        Assert.Equal(100, w.SetStatus(2, WatermarkStatus.Idle, out var status));
        Assert.Null(status);

        // Both idle: the operator goes idle and the watermark stays.
        Assert.Null(w.SetStatus(1, WatermarkStatus.Idle, out status));
        Assert.Equal(WatermarkStatus.Idle, status);

        // Input 2 resumes behind the combined watermark: the operator is active again, the watermark does not go back.
        Assert.Null(w.SetStatus(2, WatermarkStatus.Active, out status));
        Assert.Equal(WatermarkStatus.Active, status);
        Assert.Equal(100, w.Combined);
        Assert.Equal(120, w.Advance(2, 120));
    }
}
