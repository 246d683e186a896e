using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Interactions;

namespace CrmFunctions.Ingest;

public static class InteractionsApi
{
    public static readonly SignedFeed<InteractionInput> Feed = new()
    {
        Route = "/api/interactions",
        Name = "PostInteractions",
        Summary = "Accept contact-centre and front-desk interactions, one or a batch (up to 500; signed webhook)",
        Description = "Body: an interaction, a JSON array of them or { \"interactions\": [...] }. Signed after the Standard " +
            "Webhooks scheme with the secret of ?source= (default 'interactions'). Source + id identify an interaction: " +
            "the same body delivered twice is a replay; a later update of the same id replaces it.",
        Kind = "interactions",
        DefaultSource = "interactions",
        Member = "interactions",
        Validate = InteractionValidator.Validate,
        ContactPoint = i => i.Contact,
        Work = SignedFeeds.OneRowEach<InteractionInput>(TableNames.Interactions, InteractionRows.ToEntity,
            new("interactionPartition", "interactions", "id", i => i.Id)),
    };

    public static IEndpointRouteBuilder MapInteractionsApi(this IEndpointRouteBuilder app)
    {
        app.MapSignedFeed(Feed);
        return app;
    }
}
