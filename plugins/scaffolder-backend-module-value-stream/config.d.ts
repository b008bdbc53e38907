export interface Config {
  valueStream?: {
    /** Settings of the Value Stream scaffolder actions. */
    scaffolder?: {
      /**
       * Directory on the backend host that `valuestream:publish:local-directory`
       * writes new services into, one git repository per service. The
       * `file:` URL reader of this package reads only below it. Defaults to
       * `<os tmpdir>/value-stream-services`.
       */
      localPublishDirectory?: string;
    };
  };
}
