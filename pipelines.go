package trendmicrovisiononereceiver // import "github.com/otel-visionone/trendmicrovisiononereceiver"

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.uber.org/zap"

	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/client"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/feeds"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/stream"
	"github.com/otel-visionone/trendmicrovisiononereceiver/internal/translate"
)

// apiClient is what the streams need of the API client: pages, and for
// the data pipelines a registration and package downloads.
type apiClient interface {
	stream.Pager
	Post(ctx context.Context, stream, path string, body []byte) (http.Header, error)
	Download(ctx context.Context, req client.Request) (io.ReadCloser, error)
}

// pipeline is one data pipeline a stream reads (docs/visionone-api.md §6.8):
// configured by id, or found by its description, else registered. Its
// methods run on the stream's goroutine only.
type pipeline struct {
	api         apiClient
	sec         *feeds.Section
	feed        *feeds.Feed
	id          string
	description string
	settings    feeds.PipelineSettings
	log         *zap.Logger
}

// errPipelineForbidden: the key may not register the pipeline.
var errPipelineForbidden = errors.New("the API key may not register a data pipeline")

// prepare finds the pipeline (once) and returns its package list's path.
func (p *pipeline) prepare(ctx context.Context) (string, error) {
	if p.id == "" {
		id, err := p.findOrRegister(ctx)
		if err != nil {
			return "", err
		}
		p.id = id
	}
	return p.sec.Pipeline.Path + "/" + url.PathEscape(p.id) + "/packages", nil
}

func (p *pipeline) findOrRegister(ctx context.Context) (string, error) {
	if id, ok, err := p.find(ctx); err != nil || ok {
		return id, err
	}
	body, err := json.Marshal(p.sec.Pipeline.Register(p.feed, p.description, p.settings))
	if err != nil {
		return "", err
	}
	header, err := p.api.Post(ctx, p.feed.Stream, p.sec.Pipeline.Path, body)
	var apiErr *client.APIError
	switch {
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusForbidden:
		return "", fmt.Errorf("%w (registering needs %s): %w", errPipelineForbidden, p.sec.Pipeline.ManagePermission, err)
	case errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && apiErr.Code == "NotSupported" && p.sec.Pipeline.Single:
		// The tenant's one pipeline of this API exists already.
		return p.theOne(ctx)
	case err != nil:
		return "", err
	}
	if id := locationID(header.Get("Location")); id != "" {
		p.log.Info("Registered a data pipeline", zap.String("pipeline_id", id), zap.String("description", p.description))
		return id, nil
	}
	// A 201 without a Location: the pipeline is found by its description.
	id, ok, err := p.find(ctx)
	if err == nil && !ok {
		err = errors.New("a data pipeline was registered, but no pipeline with its description is listed")
	}
	return id, err
}

// locationID is the last path segment of a Location header, "" if none.
// The document's examples show several path prefixes for one API.
func locationID(location string) string {
	u, err := url.Parse(location)
	if err != nil || u.Path == "" {
		return ""
	}
	id := path.Base(u.Path)
	if id == "/" || id == "." {
		return ""
	}
	return id
}

// listedPipeline is what the receiver reads of a listed pipeline.
type listedPipeline struct {
	ID          string `json:"id"`
	Description string `json:"description"`
}

func (p *pipeline) list(ctx context.Context) ([]listedPipeline, error) {
	req := client.Request{Stream: p.feed.Stream, Path: p.sec.Pipeline.Path}
	page, err := p.api.FirstPage(ctx, req)
	var out []listedPipeline
	for err == nil {
		for _, raw := range page.Items {
			var lp listedPipeline
			if err := json.Unmarshal(raw, &lp); err != nil {
				return nil, fmt.Errorf("a listed data pipeline: %w", err)
			}
			out = append(out, lp)
		}
		if page.NextLink == "" {
			return out, nil
		}
		page, err = p.api.NextPage(ctx, req, page.NextLink)
	}
	return nil, err
}

// find returns the pipeline whose description is the receiver's.
func (p *pipeline) find(ctx context.Context) (string, bool, error) {
	listed, err := p.list(ctx)
	for _, lp := range listed {
		if lp.Description == p.description && lp.ID != "" {
			return lp.ID, true, nil
		}
	}
	return "", false, err
}

// theOne returns the tenant's only pipeline (OAT), registered by another
// reader: reading it does not take its packages from anyone.
func (p *pipeline) theOne(ctx context.Context) (string, error) {
	listed, err := p.list(ctx)
	if err != nil {
		return "", err
	}
	if len(listed) != 1 {
		return "", fmt.Errorf("the API refused a second data pipeline but lists %d", len(listed))
	}
	p.log.Warn("The tenant's data pipeline was registered by someone else: reading it, with its own risk levels "+
		"and detail setting; set pipeline_id to say so", zap.String("pipeline_id", listed[0].ID),
		zap.String("its_description", listed[0].Description))
	return listed[0].ID, nil
}

// open downloads a package of the pipeline.
func (p *pipeline) open(ctx context.Context, _ []byte, pkg translate.Meta) (io.ReadCloser, error) {
	return p.api.Download(ctx, client.Request{
		Stream: p.feed.Stream,
		Path:   p.sec.Pipeline.Path + "/" + url.PathEscape(p.id) + "/packages/" + url.PathEscape(pkg.Key),
	})
}

func (p *pipeline) annotate(pkg translate.Meta, attrs pcommon.Map) {
	translate.PutPipeline(attrs, p.id, pkg.Key)
}
