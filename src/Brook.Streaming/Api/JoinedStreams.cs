using Brook.Streaming.Functions;
using Brook.Streaming.Windowing;

namespace Brook.Streaming;

/// <summary>
/// A window join of two streams (Flink's JoinedStreams): <c>a.Join(b).Where(ka).EqualTo(kb).Window(w).Apply(f)</c>
/// calls f for every pair of elements with equal keys in the same window (an inner join per window).
/// </summary>
public sealed class JoinedStreams<T1, T2>
{
    private readonly CoGroupedStreams<T1, T2> _coGroup;

    internal JoinedStreams(DataStream<T1> first, DataStream<T2> second) => _coGroup = new CoGroupedStreams<T1, T2>(first, second);

    public WhereClause<TKey> Where<TKey>(Func<T1, TKey> keySelector1) where TKey : notnull => new(_coGroup.Where(keySelector1));

    public sealed class WhereClause<TKey> where TKey : notnull
    {
        private readonly CoGroupedStreams<T1, T2>.WhereClause<TKey> _where;

        internal WhereClause(CoGroupedStreams<T1, T2>.WhereClause<TKey> where) => _where = where;

        public EqualToClause EqualTo(Func<T2, TKey> keySelector2) => new(_where.EqualTo(keySelector2));

        public sealed class EqualToClause
        {
            private readonly CoGroupedStreams<T1, T2>.WhereClause<TKey>.EqualToClause _equalTo;

            internal EqualToClause(CoGroupedStreams<T1, T2>.WhereClause<TKey>.EqualToClause equalTo) => _equalTo = equalTo;

            public WithWindow<TWindow> Window<TWindow>(WindowAssigner<TWindow> assigner) where TWindow : Window => new(_equalTo.Window(assigner));
        }

        public sealed class WithWindow<TWindow> where TWindow : Window
        {
            private readonly CoGroupedStreams<T1, T2>.WhereClause<TKey>.WithWindow<TWindow> _coGroup;

            internal WithWindow(CoGroupedStreams<T1, T2>.WhereClause<TKey>.WithWindow<TWindow> coGroup) => _coGroup = coGroup;

            public WithWindow<TWindow> Trigger(Trigger<TWindow> trigger)
            {
                _coGroup.Trigger(trigger);
                return this;
            }

            public WithWindow<TWindow> Trigger(Trigger<Window> trigger)
            {
                _coGroup.Trigger(trigger);
                return this;
            }

            public WithWindow<TWindow> AllowedLateness(TimeSpan lateness)
            {
                _coGroup.AllowedLateness(lateness);
                return this;
            }

            /// <summary>One result per pair of joined elements.</summary>
            public SingleOutputStreamOperator<TOut> Apply<TOut>(Func<T1, T2, TOut> join)
            {
                ArgumentNullException.ThrowIfNull(join);
                return _coGroup.Apply<TOut>((firsts, seconds, output) =>
                {
                    foreach (var a in firsts)
                        foreach (var b in seconds)
                            output.Collect(join(a, b));
                });
            }

            /// <summary>Any number of results per pair of joined elements (Flink's FlatJoinFunction).</summary>
            public SingleOutputStreamOperator<TOut> Apply<TOut>(Action<T1, T2, ICollector<TOut>> join)
            {
                ArgumentNullException.ThrowIfNull(join);
                return _coGroup.Apply<TOut>((firsts, seconds, output) =>
                {
                    foreach (var a in firsts)
                        foreach (var b in seconds)
                            join(a, b, output);
                });
            }
        }
    }
}
