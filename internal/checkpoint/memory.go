package checkpoint // import "github.com/otel-visionone/trendmicrovisiononereceiver/internal/checkpoint"

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/collector/extension/xextension/storage"
)

// memoryClient is a storage.Client kept in a map, used when no storage
// extension is configured. It is written here because the collector's only
// built-in client, storage.NewNopClient, keeps nothing: checkpoints must at
// least survive between cycles of one process.
type memoryClient struct {
	mu     sync.Mutex
	values map[string][]byte
}

// NewMemoryClient returns an in-memory storage.Client.
func NewMemoryClient() storage.Client {
	return &memoryClient{values: map[string][]byte{}}
}

func (c *memoryClient) Get(ctx context.Context, key string) ([]byte, error) {
	op := storage.GetOperation(key)
	if err := c.Batch(ctx, op); err != nil {
		return nil, err
	}
	return op.Value, nil
}

func (c *memoryClient) Set(ctx context.Context, key string, value []byte) error {
	return c.Batch(ctx, storage.SetOperation(key, value))
}

func (c *memoryClient) Delete(ctx context.Context, key string) error {
	return c.Batch(ctx, storage.DeleteOperation(key))
}

func (c *memoryClient) Batch(ctx context.Context, ops ...*storage.Operation) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, op := range ops {
		switch op.Type {
		case storage.Get:
			if v, ok := c.values[op.Key]; ok {
				op.Value = append([]byte(nil), v...)
			} else {
				op.Value = nil
			}
		case storage.Set:
			c.values[op.Key] = append([]byte(nil), op.Value...)
		case storage.Delete:
			delete(c.values, op.Key)
		default:
			return errors.New("checkpoint: unknown storage operation")
		}
	}
	return nil
}

func (c *memoryClient) Close(context.Context) error { return nil }
