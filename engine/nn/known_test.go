package nn

import (
	"slices"
	"strings"
	"testing"
)

func conv(name string, filters, kernel int, opts ...func(*Layer)) Layer {
	l := Layer{Name: name, Type: "conv2d", Filters: filters, Kernel: []int{kernel}}
	for _, o := range opts {
		o(&l)
	}
	return l
}

func stride(s int) func(*Layer)  { return func(l *Layer) { l.Stride = []int{s} } }
func padding(p int) func(*Layer) { return func(l *Layer) { l.Padding = []int{p} } }
func maxpool(name string, size int, opts ...func(*Layer)) Layer {
	l := Layer{Name: name, Type: "maxpool2d", Size: []int{size}}
	for _, o := range opts {
		o(&l)
	}
	return l
}
func fc(name string, units int) Layer { return Layer{Name: name, Type: "dense", Units: units} }
func flat() Layer                     { return Layer{Type: "flatten"} }
func relu() Layer                     { return Layer{Type: "relu"} }

// vgg16 is torchvision's vgg16() (configuration D) on a 224 × 224 × 3 image.
func vgg16() Network {
	var layers []Layer
	in := 3
	for _, block := range [][]int{{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}} {
		for _, f := range block {
			layers = append(layers, conv("", f, 3, padding(1)), relu())
			in = f
		}
		layers = append(layers, maxpool("", 2))
	}
	_ = in
	layers = append(layers, Layer{Type: "adaptive_avgpool2d", Output: []int{7, 7}}, flat(),
		fc("fc1", 4096), relu(), Layer{Type: "dropout", Rate: 0.5},
		fc("fc2", 4096), relu(), Layer{Type: "dropout", Rate: 0.5}, fc("fc3", 1000))
	return Network{Name: "vgg16", Input: []int{224, 224, 3}, Layers: layers}
}

// TestKnownNetworks checks totals that PyTorch and torchvision document.
func TestKnownNetworks(t *testing.T) {
	homework8 := Network{Name: "cnn", Input: []int{64, 64, 3}, Layers: []Layer{
		conv("conv1", 32, 5), maxpool("pool1", 2), conv("conv2", 64, 3, stride(2)), flat(), fc("fc", 10)}}
	lenet5 := Network{Name: "lenet5", Input: []int{32, 32, 1}, Layers: []Layer{
		conv("c1", 6, 5), relu(), maxpool("s2", 2), conv("c3", 16, 5), relu(), maxpool("s4", 2), flat(),
		fc("f5", 120), relu(), fc("f6", 84), relu(), fc("out", 10)}}
	alexnet := Network{Name: "alexnet", Input: []int{224, 224, 3}, Layers: []Layer{
		conv("", 64, 11, stride(4), padding(2)), relu(), maxpool("", 3, stride(2)),
		conv("", 192, 5, padding(2)), relu(), maxpool("", 3, stride(2)),
		conv("", 384, 3, padding(1)), relu(), conv("", 256, 3, padding(1)), relu(),
		conv("", 256, 3, padding(1)), relu(), maxpool("", 3, stride(2)),
		{Type: "adaptive_avgpool2d", Output: []int{6, 6}}, flat(),
		{Type: "dropout", Rate: 0.5}, fc("", 4096), relu(), {Type: "dropout", Rate: 0.5}, fc("", 4096), relu(), fc("", 1000)}}
	cases := []struct {
		net    Network
		params int64
		macs   int64 // 0: not checked
		out    []int
	}{
		{homework8, 146378, 0, []int{10}},
		{lenet5, 61706, 0, []int{10}},
		{alexnet, 61100840, 0, []int{1000}},
		{vgg16(), 138357544, 15470264320, []int{1000}},
	}
	for _, tc := range cases {
		t.Run(tc.net.Name, func(t *testing.T) {
			sol, err := Solve(tc.net)
			if err != nil {
				t.Fatal(err)
			}
			if sol.TotalParams != tc.params || sol.Trainable != tc.params {
				t.Errorf("params %d (trainable %d), want %d", sol.TotalParams, sol.Trainable, tc.params)
			}
			if tc.macs != 0 && sol.MACs != tc.macs {
				t.Errorf("MACs %d, want %d", sol.MACs, tc.macs)
			}
			if last := sol.Layers[len(sol.Layers)-1].OutputShape; !slices.Equal(last, tc.out) {
				t.Errorf("output %v, want %v", last, tc.out)
			}
		})
	}
}

func TestHomework8Layers(t *testing.T) {
	net := Network{Name: "cnn", Input: []int{64, 64, 3}, Layers: []Layer{
		conv("conv1", 32, 5), maxpool("pool1", 2), conv("conv2", 64, 3, stride(2)), flat(), fc("fc", 10)}}
	sol, err := Solve(net)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		shape       []int
		params      int64
		weightShape []int
	}{
		{[]int{60, 60, 32}, 2432, []int{5, 5, 3, 32}},
		{[]int{30, 30, 32}, 0, nil},
		{[]int{14, 14, 64}, 18496, []int{3, 3, 32, 64}},
		{[]int{12544}, 0, nil},
		{[]int{10}, 125450, []int{12544, 10}},
	}
	for i, w := range want {
		l := sol.Layers[i]
		if !slices.Equal(l.OutputShape, w.shape) || l.Params != w.params || !slices.Equal(l.WeightShape, w.weightShape) {
			t.Errorf("%s: shape %v params %d weights %v; want %v %d %v", l.Name, l.OutputShape, l.Params, l.WeightShape, w.shape, w.params, w.weightShape)
		}
	}
}

// TestFrameworkConventions checks where PyTorch and Keras count differently, by
// the frameworks' documented formulas.
func TestFrameworkConventions(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		name         string
		fw           Framework
		in           []int
		layer        Layer
		params, nonT int64
		out          []int
	}{
		// LSTM(20) on 10 features: 4·20·(10+20) weights; Keras one bias vector (80), PyTorch two (160).
		{"keras lstm", Keras, []int{5, 10}, Layer{Type: "lstm", Units: 20}, 2480, 0, []int{5, 20}},
		{"pytorch lstm", PyTorch, []int{5, 10}, Layer{Type: "lstm", Units: 20}, 2560, 0, []int{5, 20}},
		{"keras gru reset_after", Keras, []int{5, 10}, Layer{Type: "gru", Units: 20}, 3*20*30 + 2*60, 0, []int{5, 20}},
		{"keras gru classic", Keras, []int{5, 10}, Layer{Type: "gru", Units: 20, ResetAfter: &no}, 3*20*30 + 60, 0, []int{5, 20}},
		{"pytorch gru", PyTorch, []int{5, 10}, Layer{Type: "gru", Units: 20}, 3*20*30 + 120, 0, []int{5, 20}},
		{"keras simple rnn", Keras, []int{5, 10}, Layer{Type: "rnn", Units: 20, ReturnSequences: &no}, 20*30 + 20, 0, []int{20}},
		{"pytorch bidirectional 2-layer lstm", PyTorch, []int{7, 10}, Layer{Type: "lstm", Units: 20, Layers: 2, Bidirectional: true},
			2*(4*20*(10+20)+160) + 2*(4*20*(40+20)+160), 0, []int{7, 40}},
		{"pytorch batchnorm", PyTorch, []int{8, 8, 16}, Layer{Type: "batchnorm"}, 32, 0, []int{8, 8, 16}},
		{"keras batchnorm", Keras, []int{8, 8, 16}, Layer{Type: "batchnorm"}, 64, 32, []int{8, 8, 16}},
		{"keras same stride 2", Keras, []int{7, 7, 3}, Layer{Type: "conv2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same"}, 3*3*3*4 + 4, 0, []int{4, 4, 4}},
		{"pytorch ceil_mode", PyTorch, []int{7, 7, 3}, Layer{Type: "maxpool2d", Size: []int{2}, CeilMode: true}, 0, 0, []int{4, 4, 3}},
		{"pytorch floor", PyTorch, []int{7, 7, 3}, Layer{Type: "maxpool2d", Size: []int{2}}, 0, 0, []int{3, 3, 3}},
		{"depthwise", PyTorch, []int{16, 16, 32}, Layer{Type: "conv2d", Filters: 32, Kernel: []int{3}, Groups: 32, Padding: []int{1}}, 3*3*32 + 32, 0, []int{16, 16, 32}},
		{"no bias", PyTorch, []int{16, 16, 32}, Layer{Type: "conv2d", Filters: 64, Kernel: []int{1}, Bias: &no}, 32 * 64, 0, []int{16, 16, 64}},
		{"embedding", PyTorch, []int{12}, Layer{Type: "embedding", Vocab: 1000, Dim: 64}, 64000, 0, []int{12, 64}},
		{"attention", PyTorch, []int{12, 64}, Layer{Type: "multihead_attention", Heads: 8, Bias: &yes}, 4*64*64 + 4*64, 0, []int{12, 64}},
		{"layernorm", PyTorch, []int{12, 64}, Layer{Type: "layernorm"}, 128, 0, []int{12, 64}},
		{"conv transpose", PyTorch, []int{7, 7, 64}, Layer{Type: "conv_transpose2d", Filters: 32, Kernel: []int{4}, Stride: []int{2}, Padding: []int{1}}, 4*4*64*32 + 32, 0, []int{14, 14, 32}},
		{"conv1d", PyTorch, []int{100, 8}, Layer{Type: "conv1d", Filters: 16, Kernel: []int{5}, Dilation: []int{2}}, 5*8*16 + 16, 0, []int{92, 16}},
		{"conv3d", PyTorch, []int{16, 32, 32, 3}, Layer{Type: "conv3d", Filters: 8, Kernel: []int{3}, Padding: []int{1}, Stride: []int{2}}, 27*3*8 + 8, 0, []int{8, 16, 16, 8}},
		{"global avg pool", PyTorch, []int{7, 7, 512}, Layer{Type: "global_avgpool"}, 0, 0, []int{512}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.layer.Name = "l"
			r, err := Apply(tc.layer, tc.in, tc.fw)
			if err != nil {
				t.Fatal(err)
			}
			if r.Params != tc.params || r.NonTrainable != tc.nonT || !slices.Equal(r.OutputShape, tc.out) {
				t.Errorf("params %d (non-trainable %d) out %v; want %d (%d) %v", r.Params, r.NonTrainable, r.OutputShape, tc.params, tc.nonT, tc.out)
			}
			if r.Trainable != r.Params-r.NonTrainable {
				t.Errorf("trainable %d + non-trainable %d != params %d", r.Trainable, r.NonTrainable, r.Params)
			}
		})
	}
}

func TestImpossibleNetworks(t *testing.T) {
	cases := []struct {
		name string
		net  Network
		want string
	}{
		{"window larger than input", Network{Name: "cnn", Input: []int{8, 8, 1}, Layers: []Layer{maxpool("pool1", 4), maxpool("pool2", 3)}},
			`network "cnn", layer "pool2" (#2, maxpool2d): window 3 is larger than its input 2`},
		{"groups", Network{Name: "n", Input: []int{8, 8, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{1}, Groups: 2}}},
			`network "n", layer "c" (#1, conv2d): its 3 input channels are not divisible by groups 2`},
		{"same with stride under pytorch", Network{Name: "n", Input: []int{8, 8, 3}, Layers: []Layer{{Name: "c", Type: "conv2d", Filters: 4, Kernel: []int{3}, Stride: []int{2}, PaddingMode: "same"}}},
			`network "n", layer "c" (#1, conv2d): padding "same" needs stride 1 under PyTorch, but the stride is 2`},
		{"wrong rank", Network{Name: "n", Input: []int{10}, Layers: []Layer{conv("c", 4, 3)}},
			`network "n", layer "c" (#1, conv2d): it needs a rank-3 input [height, width, channels], but its input [10] has rank 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Solve(tc.net)
			if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("got %v\nwant %s", err, tc.want)
			}
		})
	}
}

func BenchmarkSolveVGG16(b *testing.B) {
	net := vgg16()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Solve(net); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReceptiveField checks the standard recurrence on small stacks whose fields
// are easy to count by hand.
func TestReceptiveField(t *testing.T) {
	net := Network{Name: "rf", Input: []int{32, 32, 3}, Layers: []Layer{
		conv("c1", 8, 3), conv("c2", 8, 3), maxpool("p", 2), conv("c3", 8, 3, padding(1)),
		{Name: "d", Type: "conv2d", Filters: 8, Kernel: []int{3}, Dilation: []int{2}},
	}}
	sol, err := Solve(net)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		size, jump int
		start      float64
	}{
		{3, 1, 1},   // one 3×3 kernel sees 3 pixels, centred on pixel 1
		{5, 1, 2},   // two stacked: 5
		{6, 2, 2.5}, // a 2×2 pool adds 1 and doubles the jump
		{10, 2, 2.5},
		{18, 2, 6.5}, // dilation 2 spans 5 taps at jump 2: +8
	}
	for i, w := range want {
		r := sol.Layers[i].Receptive
		if r.Size != w.size || r.Jump != w.jump || r.Start != w.start {
			t.Errorf("%s: size %d jump %d start %g; want %d %d %g", sol.Layers[i].Name, r.Size, r.Jump, r.Start, w.size, w.jump, w.start)
		}
	}
}
