package translate

import "go.opentelemetry.io/collector/pdata/pcommon"

// PipelinePackage is an item of a data pipeline's package list
// (/v3.0/oat/dataPipelines/{id}/packages and the Data Lake's): a package,
// keyed by its id and windowed on createdDateTime. It is never emitted: the
// stream reads the package's lines, each translated by its own kind
// (stream.Contents).
var PipelinePackage = &Kind{head: createdHead, promote: func(pcommon.Map, pcommon.Map, Options) {}}
