package template

import (
	"math/big"
	"net/netip"
	"strconv"

	"github.com/panther-operator/panther-operator/internal/localaws/internal/wire"
)

// fnCidr implements Fn::Cidr [ipBlock, count, cidrBits]: count subnets
// of the block, each with cidrBits host bits.
func fnCidr(ev *Evaluator, arg any) (any, error) {
	a, err := ev.evalArgs("Fn::Cidr", arg, 3)
	if err != nil {
		return nil, err
	}
	prefix, err := netip.ParsePrefix(ScalarString(a[0]))
	count, errCount := strconv.Atoi(ScalarString(a[1]))
	bits, errBits := strconv.Atoi(ScalarString(a[2]))
	total := prefix.Addr().BitLen()
	if err != nil || errCount != nil || errBits != nil || count < 1 || count > 256 || bits < 1 || total-bits < prefix.Bits() {
		return nil, wire.ValidationError("Template error: Fn::Cidr requires an IP block in CIDR notation, a count between 1 and 256 and a positive number of subnet bits that fit the block")
	}
	if count > 1<<min(62, total-bits-prefix.Bits()) {
		return nil, wire.ValidationError("Template error: Fn::Cidr cannot fit %d subnets of /%d in %s", count, total-bits, prefix)
	}
	base := new(big.Int).SetBytes(prefix.Masked().Addr().AsSlice())
	step := new(big.Int).Lsh(big.NewInt(1), uint(bits))
	out := make([]any, 0, count)
	for i := range count {
		n := new(big.Int).Add(base, new(big.Int).Mul(step, big.NewInt(int64(i))))
		raw := n.FillBytes(make([]byte, total/8))
		addr, _ := netip.AddrFromSlice(raw)
		out = append(out, netip.PrefixFrom(addr, total-bits).String())
	}
	return out, nil
}
