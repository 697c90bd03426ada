package httpapi

import (
	"fmt"
	"strconv"
	"time"

	"github.com/promptops/promptops/gen/api"
	"github.com/promptops/promptops/internal/release/guard"
)

// The bounds of a release's request, as the spec documents them.
const (
	maxReleaseChanges = 50
	maxReleaseSteps   = 20
	maxReleaseGuards  = 10
	minStepDuration   = time.Second
	maxStepDuration   = 30 * 24 * time.Hour
	maxScheduleAhead  = 365 * 24 * time.Hour
)

// The strategies of a release.
const (
	strategyImmediate = string(api.ReleaseStrategyTypeImmediate)
	strategySplit     = string(api.ReleaseStrategyTypeSplit)
	strategyGradual   = string(api.ReleaseStrategyTypeGradual)
)

// strategyOrImmediate is the strategy a request asks for, immediate when it names none.
func strategyOrImmediate(s *api.ReleaseStrategy) api.ReleaseStrategy {
	if s == nil {
		return api.ReleaseStrategy{Type: api.ReleaseStrategyTypeImmediate}
	}
	return *s
}

// strategyProblems lists what is wrong with a release's strategy, each naming its field.
func strategyProblems(s api.ReleaseStrategy) []api.FieldProblem {
	var problems []api.FieldProblem
	add := func(field, problem string) {
		problems = append(problems, api.FieldProblem{Field: "/strategy/" + field, Problem: problem})
	}
	switch string(s.Type) {
	case strategySplit:
		if s.Percent == nil || !openPercent(*s.Percent) {
			add("percent", "is required for a split, above 0 and below 100")
		}
	case strategyGradual:
		problems = append(problems, stepProblems(s.Steps)...)
	}
	if string(s.Type) != strategySplit && s.Percent != nil {
		add("percent", "is for a split only")
	}
	if string(s.Type) != strategyGradual && s.Steps != nil {
		add("steps", "are for a gradual release only")
	}
	guards := listOf(s.Guards)
	if len(guards) > 0 && string(s.Type) == strategyImmediate {
		add("guards", "need a split or a gradual release: an immediate one has nothing to judge")
	}
	if len(guards) > maxReleaseGuards {
		add("guards", fmt.Sprintf("has %d guards; at most %d", len(guards), maxReleaseGuards))
	}
	for i, g := range guardsOf(guards) {
		if problem := g.Problem(); problem != "" {
			add("guards/"+strconv.Itoa(i), problem)
		}
	}
	return problems
}

// stepProblems lists what is wrong with a gradual release's steps.
func stepProblems(steps *[]api.ReleaseStep) []api.FieldProblem {
	list := listOf(steps)
	if len(list) < 1 || len(list) > maxReleaseSteps {
		return []api.FieldProblem{{Field: "/strategy/steps", Problem: fmt.Sprintf("a gradual release needs 1 to %d steps", maxReleaseSteps)}}
	}
	var problems []api.FieldProblem
	for i, step := range list {
		field := "/strategy/steps/" + strconv.Itoa(i)
		if !openPercent(step.Percent) || (i > 0 && step.Percent <= list[i-1].Percent) {
			problems = append(problems, api.FieldProblem{Field: field + "/percent", Problem: "must be above 0, below 100 and above the step before"})
		}
		if d, err := time.ParseDuration(step.Duration); err != nil || d < minStepDuration || d > maxStepDuration {
			problems = append(problems, api.FieldProblem{Field: field + "/duration", Problem: fmt.Sprintf("%q is not a duration from 1s to 30 days (such as \"10m\" or \"2h\")", step.Duration)})
		}
	}
	return problems
}

// openPercent reports whether p is a share strictly between none and all.
func openPercent(p float64) bool { return p > 0 && p < 100 }

// guardsOf reads the API's guards as the guard package judges them.
func guardsOf(list []api.ReleaseGuard) []guard.Guard {
	out := make([]guard.Guard, len(list))
	for i, g := range list {
		out[i] = guard.Guard{Metric: string(g.Metric), Max: g.Max, MaxIncrease: g.MaxIncrease, MinCalls: g.MinCalls}
		if g.EvaluationInterval != nil {
			out[i].EvaluationInterval = *g.EvaluationInterval
		}
	}
	return out
}

// evaluationInterval is how often a rolling release is evaluated: its guards' smallest
// interval, else fallback.
func evaluationInterval(s api.ReleaseStrategy, fallback time.Duration) time.Duration {
	interval := time.Duration(0)
	for _, g := range guardsOf(listOf(s.Guards)) {
		if d, err := time.ParseDuration(g.EvaluationInterval); err == nil && (interval == 0 || d < interval) {
			interval = d
		}
	}
	if interval == 0 {
		return fallback
	}
	return interval
}

// stepDuration is how long step i of a gradual release lasts (validated at creation).
func stepDuration(s api.ReleaseStrategy, i int) time.Duration {
	d, _ := time.ParseDuration(listOf(s.Steps)[i].Duration)
	return d
}

// startPercent is the share a release starts with: all at once, the split's, or the first
// step's.
func startPercent(s api.ReleaseStrategy) float64 {
	switch string(s.Type) {
	case strategySplit:
		return *s.Percent
	case strategyGradual:
		return listOf(s.Steps)[0].Percent
	}
	return 100
}

// scheduleProblem is what is wrong with a release's scheduledAt at now, "" when nothing.
func scheduleProblem(at *time.Time, now time.Time) string {
	switch {
	case at == nil:
		return ""
	case !at.After(now):
		return "must be in the future"
	case at.Sub(now) > maxScheduleAhead:
		return "must be at most a year ahead"
	}
	return ""
}

// listOf is the list p points to, empty when nil.
func listOf[T any](p *[]T) []T {
	if p == nil {
		return nil
	}
	return *p
}
