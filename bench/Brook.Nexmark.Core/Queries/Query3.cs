using Brook.Nexmark.Model;
using Brook.Streaming;
using Brook.Streaming.Functions;
using Brook.Streaming.State;

namespace Brook.Nexmark.Queries;

/// <summary>
/// Query 3, local item suggestion: who sells in category 10 in Oregon, Idaho or California. An unbounded inner join
/// done incrementally on keyed state (keyed by person id = seller): the person is kept, auctions that come before
/// their seller wait in list state, and every match is emitted once, as soon as both sides are there.
/// </summary>
public static class Query3
{
    public const string Sql = """
        SELECT P.name, P.city, P.state, A.id
        FROM auction AS A INNER JOIN person AS P on A.seller = P.id
        WHERE A.category = 10 and (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA');
        """;

    public static bool IsSelectedState(string state) => state is "OR" or "ID" or "CA";

    public static DataStream<LocalItem> Build(DataStream<Event> events)
    {
        var auctions = NexmarkStreams.Auctions(events).Filter(a => a.Category == 10);
        var persons = NexmarkStreams.Persons(events).Filter(p => IsSelectedState(p.State));
        return auctions.Connect(persons).KeyBy(a => a.Seller, p => p.Id).Process(new SellerJoin());
    }

    private sealed class SellerJoin : KeyedCoProcessFunction<long, Auction, Person, LocalItem>
    {
        private IValueState<Person?> _person = null!;
        private IListState<Auction> _waiting = null!;

        public override void Open()
        {
            _person = RuntimeContext.GetState(new ValueStateDescriptor<Person?>("person"));
            _waiting = RuntimeContext.GetListState(new ListStateDescriptor<Auction>("waiting-auctions"));
        }

        public override void ProcessElement1(Auction auction, Context context, ICollector<LocalItem> output)
        {
            if (_person.Value() is { } person) output.Collect(new LocalItem(person.Name, person.City, person.State, auction.Id));
            else _waiting.Add(auction);
        }

        public override void ProcessElement2(Person person, Context context, ICollector<LocalItem> output)
        {
            _person.Update(person);
            foreach (var auction in _waiting.Get()) output.Collect(new LocalItem(person.Name, person.City, person.State, auction.Id));
            _waiting.Clear();
        }
    }
}

public sealed record LocalItem(string Name, string City, string State, long AuctionId);
