// One definition of a ripple's figures for server and explorer alike: the
// API's module, compiled into the web bundle (see its comment).
export * from '../../../../api/src/ripples/ripple-stats';
