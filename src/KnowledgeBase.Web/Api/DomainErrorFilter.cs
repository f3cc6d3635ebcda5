using KnowledgeBase.Core.Articles;
using KnowledgeBase.Core.Tickets;
using KnowledgeBase.Data.Api;

namespace KnowledgeBase.Web.Api;

/// <summary>
/// Turns the domain's refusals into problem+json, so handlers return only their success: not found → 404, invalid
/// input → 400 with field errors (API field names), lifecycle refusal → 403, a stale version → 412, a proposal already
/// decided or conflicting with a newer version → 409.
/// </summary>
public sealed class DomainErrorFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArticleNotFoundException ex)
        {
            return ApiProblems.ArticleNotFound(ex.ArticleId);
        }
        catch (LedgerNotFoundException ex)
        {
            return ApiProblems.NotFoundProblem(ex.Message);
        }
        catch (ArticleValidationException ex)
        {
            return ApiProblems.ValidationFailed(ex.Errors.ToDictionary(e => e.Key == "body" ? "markdown" : e.Key, e => e.Value));
        }
        catch (LedgerValidationException ex)
        {
            return ApiProblems.ValidationFailed(ex.Errors);
        }
        catch (ApiValidationException ex)
        {
            return ApiProblems.ValidationFailed(ex.Errors);
        }
        catch (ApiLimitException ex)
        {
            return ApiProblems.Problem(409, ApiProblems.LimitReached, "Limit reached", ex.Message);
        }
        catch (ArticleForbiddenException ex)
        {
            return ApiProblems.LifecycleRefused(ex.Message);
        }
        catch (ProposalNotFoundException ex)
        {
            return ApiProblems.NotFoundProblem(ex.Message);
        }
        catch (ProposalDecidedException ex)
        {
            return ApiProblems.Problem(409, ApiProblems.ProposalDecided, "Proposal already decided", ex.Message);
        }
        catch (ProposalMergeConflictException ex)
        {
            return ApiProblems.Problem(409, ApiProblems.ProposalConflict, "Proposal conflicts with a newer version",
                ex.Message + " Through the API: accept with {\"mode\":\"replace\"}, or change the article with PUT/PATCH and reject the proposal.");
        }
        catch (ArticleConflictException ex)
        {
            context.HttpContext.Response.Headers.ETag = ArticlesApi.ETagOf(ex.ArticleId, ex.CurrentVersion);
            return ApiProblems.Problem(412, ApiProblems.PreconditionFailed, "Precondition failed", ex.Message);
        }
    }
}
