using Brook.Streaming.Functions;
using Brook.Streaming.Operators;
using Brook.Streaming.Operators.Joins;

namespace Brook.Streaming;

/// <summary>
/// An interval join of two keyed streams (Flink's KeyedStream.IntervalJoin):
/// <c>left.IntervalJoin(right).Between(lower, upper).Process(f)</c> pairs each left element at time t with
/// the right elements of the same key in [t + lower, t + upper] (bounds inclusive unless made exclusive).
/// </summary>
public sealed class IntervalJoin<TLeft, TRight, TKey> where TKey : notnull
{
    private readonly KeyedStream<TLeft, TKey> _left;
    private readonly KeyedStream<TRight, TKey> _right;

    internal IntervalJoin(KeyedStream<TLeft, TKey> left, KeyedStream<TRight, TKey> right)
    {
        _left = left;
        _right = right;
    }

    public IntervalJoined Between(TimeSpan lowerBound, TimeSpan upperBound)
    {
        if (lowerBound > upperBound)
            throw new ArgumentException($"The lower bound {lowerBound} must not be above the upper bound {upperBound}.", nameof(lowerBound));
        return new IntervalJoined(_left, _right, (long)lowerBound.TotalMilliseconds, (long)upperBound.TotalMilliseconds);
    }

    public sealed class IntervalJoined
    {
        private readonly KeyedStream<TLeft, TKey> _left;
        private readonly KeyedStream<TRight, TKey> _right;
        private readonly long _lower;
        private readonly long _upper;
        private bool _lowerExclusive;
        private bool _upperExclusive;
        private OutputTag<TLeft>? _leftLate;
        private OutputTag<TRight>? _rightLate;

        internal IntervalJoined(KeyedStream<TLeft, TKey> left, KeyedStream<TRight, TKey> right, long lower, long upper)
        {
            _left = left;
            _right = right;
            _lower = lower;
            _upper = upper;
        }

        public IntervalJoined LowerBoundExclusive()
        {
            _lowerExclusive = true;
            return this;
        }

        public IntervalJoined UpperBoundExclusive()
        {
            _upperExclusive = true;
            return this;
        }

        public IntervalJoined SideOutputLeftLateData(OutputTag<TLeft> tag)
        {
            _leftLate = tag;
            return this;
        }

        public IntervalJoined SideOutputRightLateData(OutputTag<TRight> tag)
        {
            _rightLate = tag;
            return this;
        }

        public SingleOutputStreamOperator<TOut> Process<TOut>(ProcessJoinFunction<TLeft, TRight, TOut> function)
        {
            ArgumentNullException.ThrowIfNull(function);
            var lower = _lowerExclusive ? _lower + 1 : _lower;
            var upper = _upperExclusive ? _upper - 1 : _upper;
            var leftKey = _left.KeySelector;
            var rightKey = _right.KeySelector;
            var leftLate = _leftLate;
            var rightLate = _rightLate;
            return _left.Connect(_right).TransformKeyed<TKey, TOut>("IntervalJoin",
                () => new IntervalJoinOperator<TKey, TLeft, TRight, TOut>(FunctionCopier.ForSubtask(function), leftKey, rightKey, lower, upper, leftLate, rightLate),
                leftKey, rightKey);
        }

        /// <summary>One result per matched pair.</summary>
        public SingleOutputStreamOperator<TOut> Process<TOut>(Func<TLeft, TRight, TOut> join) => Process(new DelegateJoin<TOut>(join));

        private sealed class DelegateJoin<TOut>(Func<TLeft, TRight, TOut> join) : ProcessJoinFunction<TLeft, TRight, TOut>
        {
            public override void ProcessElement(TLeft left, TRight right, Context context, ICollector<TOut> output) => output.Collect(join(left, right));
        }
    }
}
