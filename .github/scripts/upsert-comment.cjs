// Posts or updates ONE pull-request comment per marker (a hidden HTML comment at the top of the
// body), so each push edits the stack's comment instead of adding another. Called from
// actions/github-script: require(...)({ github, context, marker, bodyFile }).
const fs = require("fs");

module.exports = async ({ github, context, marker, bodyFile }) => {
    const body = fs.readFileSync(bodyFile, "utf8");
    const text = body.includes(marker) ? body : `${marker}\n${body}`;
    const { owner, repo } = context.repo;
    const issue_number = context.issue.number;
    const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
    const mine = comments.find((c) => c.user && c.user.type === "Bot" && typeof c.body === "string" && c.body.includes(marker));
    if (mine) {
        await github.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body: text });
    } else {
        await github.rest.issues.createComment({ owner, repo, issue_number, body: text });
    }
};
