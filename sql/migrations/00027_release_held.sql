-- +goose Up
-- held_reason says why a release rolling out is held at its last step: the project's state
-- refused its completion when its evaluation tried it (a prompt that includes one of its
-- prompts would compose past the render limit with the new version, say). The evaluation
-- tries again at each interval; the release shows the reason in waitingFor until it ends.
ALTER TABLE releases ADD COLUMN held_reason text;
