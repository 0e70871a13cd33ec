package io.gitops.gateway.render;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * A YAML factory whose parsers also report anchors on scalars: Jackson 2.18's {@code
 * getCurrentAnchor()} only reports anchors on mappings and sequences, and we need every anchor to
 * expand aliases ourselves.
 */
final class AnchorAwareYamlFactory extends YAMLFactory {
  AnchorAwareYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  @Override
  protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext ctxt)
      throws IOException {
    Reader reader = _createReader(data, offset, len, null, ctxt);
    return new Parser(
        ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, reader);
  }

  /** Parser exposing the anchor of the node it just read, whatever its kind. */
  static final class Parser extends YAMLParser {
    Parser(
        IOContext ctxt,
        int features,
        int yamlFeatures,
        LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec,
        Reader reader) {
      super(ctxt, features, yamlFeatures, options, codec, reader);
    }

    String nodeAnchor() {
      return _lastEvent instanceof NodeEvent node && !isCurrentAlias() ? node.getAnchor() : null;
    }
  }
}
