using Brook.Streaming.Functions;
using Brook.Streaming.Windowing;

namespace Brook.Streaming;

/// <summary>
/// A window co-group of two streams (Flink's CoGroupedStreams): <c>a.CoGroup(b).Where(ka).EqualTo(kb).Window(w).Apply(f)</c>
/// calls f once per key and window with the elements of both sides. Built, as in Flink, from a union of
/// both sides tagged by side, keyed by the two key selectors, and windowed.
/// </summary>
public sealed class CoGroupedStreams<T1, T2>
{
    private readonly DataStream<T1> _first;
    private readonly DataStream<T2> _second;

    internal CoGroupedStreams(DataStream<T1> first, DataStream<T2> second)
    {
        if (first.Environment != second.Environment)
            throw new ArgumentException("The two streams must belong to the same StreamExecutionEnvironment.", nameof(second));
        _first = first;
        _second = second;
    }

    public WhereClause<TKey> Where<TKey>(Func<T1, TKey> keySelector1) where TKey : notnull => new(this, keySelector1);

    public sealed class WhereClause<TKey> where TKey : notnull
    {
        private readonly CoGroupedStreams<T1, T2> _streams;
        private readonly Func<T1, TKey> _key1;

        internal WhereClause(CoGroupedStreams<T1, T2> streams, Func<T1, TKey> key1)
        {
            _streams = streams;
            _key1 = key1;
        }

        public EqualToClause EqualTo(Func<T2, TKey> keySelector2) => new(_streams, _key1, keySelector2);

        public sealed class EqualToClause
        {
            private readonly CoGroupedStreams<T1, T2> _streams;
            private readonly Func<T1, TKey> _key1;
            private readonly Func<T2, TKey> _key2;

            internal EqualToClause(CoGroupedStreams<T1, T2> streams, Func<T1, TKey> key1, Func<T2, TKey> key2)
            {
                _streams = streams;
                _key1 = key1;
                _key2 = key2;
            }

            public WithWindow<TWindow> Window<TWindow>(WindowAssigner<TWindow> assigner) where TWindow : Window
            {
                var key1 = _key1;
                var key2 = _key2;
                var tagged = _streams._first.Map(TaggedUnion<T1, T2>.OfFirst).Name("Tag first input")
                    .Union(_streams._second.Map(TaggedUnion<T1, T2>.OfSecond).Name("Tag second input"));
                var keyed = tagged.KeyBy(u => u.IsFirst ? key1(u.First) : key2(u.Second));
                return new WithWindow<TWindow>(new WindowedStream<TaggedUnion<T1, T2>, TKey, TWindow>(keyed, assigner));
            }
        }

        /// <summary>The co-grouped streams with their window; set trigger and lateness, then Apply.</summary>
        public sealed class WithWindow<TWindow> where TWindow : Window
        {
            private readonly WindowedStream<TaggedUnion<T1, T2>, TKey, TWindow> _windowed;

            internal WithWindow(WindowedStream<TaggedUnion<T1, T2>, TKey, TWindow> windowed) => _windowed = windowed;

            public WithWindow<TWindow> Trigger(Trigger<TWindow> trigger)
            {
                _windowed.Trigger(trigger);
                return this;
            }

            public WithWindow<TWindow> Trigger(Trigger<Window> trigger)
            {
                _windowed.Trigger(trigger);
                return this;
            }

            public WithWindow<TWindow> AllowedLateness(TimeSpan lateness)
            {
                _windowed.AllowedLateness(lateness);
                return this;
            }

            /// <summary>Calls <paramref name="coGroup"/> once per key and window with both sides' elements.</summary>
            public SingleOutputStreamOperator<TOut> Apply<TOut>(Action<IEnumerable<T1>, IEnumerable<T2>, ICollector<TOut>> coGroup)
            {
                ArgumentNullException.ThrowIfNull(coGroup);
                return _windowed.Apply<TOut>((_, _, elements, output) =>
                {
                    var firsts = new List<T1>();
                    var seconds = new List<T2>();
                    foreach (var e in elements)
                    {
                        if (e.IsFirst) firsts.Add(e.First);
                        else seconds.Add(e.Second);
                    }
                    coGroup(firsts, seconds, output);
                });
            }
        }
    }
}
