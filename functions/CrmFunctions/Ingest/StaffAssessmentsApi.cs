using CrmFunctions.Core.Contracts;
using CrmFunctions.Core.Staff;

namespace CrmFunctions.Ingest;

public static class StaffAssessmentsApi
{
    public static readonly SignedFeed<StaffAssessmentInput> Feed = new()
    {
        Route = "/api/staff-assessments",
        Name = "PostStaffAssessments",
        Summary = "Accept staff skills self-assessments, one or a batch (up to 500; signed webhook)",
        Description = "Body: an assessment, a JSON array of them or { \"assessments\": [...] }. Signed after the Standard " +
            "Webhooks scheme with the secret of ?source= (default 'staff'). Source + assessmentId identify an answer.",
        Kind = "staff-assessments",
        DefaultSource = "staff",
        Member = "assessments",
        Validate = StaffAssessmentValidator.Validate,
        // Staff, not guests: no erasure ever needs to read these payloads.
        ContactPoint = _ => null,
        Work = SignedFeeds.OneRowEach<StaffAssessmentInput>(TableNames.StaffAssessments, StaffAssessmentRows.ToEntity,
            new("assessmentPartition", "assessments", "assessmentId", a => a.AssessmentId)),
    };

    public static IEndpointRouteBuilder MapStaffAssessmentsApi(this IEndpointRouteBuilder app)
    {
        app.MapSignedFeed(Feed);
        return app;
    }
}
