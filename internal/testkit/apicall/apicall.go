// Package apicall sends JSON requests to a PromptOps server from outside, as the bench and
// the cluster harness drive it: one request with an optional key and body, and the data
// of its answer.
package apicall

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Do sends method to url with client: key, when not empty, as a bearer token, and body,
// when not nil, as JSON. It returns the answer's status and body.
func Do(ctx context.Context, client *http.Client, method, url, key string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp.StatusCode, data, err
}

// Data decodes the data member of an answer of status into out (nil to leave it), or
// returns an error naming the request when the status is not a 2xx.
func Data(method, url string, status int, body []byte, out any) error {
	if status < 200 || status >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, url, status, body)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(body, &struct{ Data any }{Data: out})
}
