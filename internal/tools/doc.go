// Package tools pins the code generators the project runs (mdatagen), in a
// module of their own so that their dependencies never reach the receiver's.
package tools
